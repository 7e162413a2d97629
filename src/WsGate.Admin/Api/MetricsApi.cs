using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.Problems;
using WsGate.Analytics;

namespace WsGate.Admin.Api;

/// <summary>
/// <c>/metrics</c> in the Prometheus text exposition format 0.0.4, on the admin port only and behind the admin API's
/// authentication like every other read: scrape it with a Basic-auth operator account.
/// </summary>
public static class MetricsApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        admin.MapGet("/metrics", (GatewayAnalytics analytics, MetricsCollector collector) =>
            analytics.Enabled
                ? Results.Text(PrometheusText.Write(collector.Collect()), PrometheusText.ContentType)
                : AdminProblems.NotFound("analytics is off (analytics.enabled: false), so no metrics are collected"))
            .WithTags("Analytics")
            .WithSummary("Metrics in the Prometheus text format")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
