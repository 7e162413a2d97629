using Microsoft.Extensions.DependencyInjection;

namespace WsGate.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>
    /// Metrics, rollups, the failure log and their flusher. Register before the gateway's hosted service: hosted services
    /// stop in reverse order, so the last flush runs after the connections have drained.
    /// </summary>
    public static IServiceCollection AddWsGateAnalytics(this IServiceCollection services)
    {
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<MetricsCollector>();
        services.AddSingleton<UsageRecorder>();
        services.AddSingleton<FailureLog>();
        services.AddSingleton<OtlpExport>();
        services.AddSingleton<GatewayAnalytics>();
        services.AddSingleton<AnalyticsFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<AnalyticsFlusher>());
        return services;
    }
}
