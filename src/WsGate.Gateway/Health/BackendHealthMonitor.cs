using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Configuration.Apis;
using WsGate.Diagnostics;
using WsGate.Routing;

namespace WsGate.Health;

/// <summary>
/// Active health checks: every second it probes the endpoints of APIs with checks enabled whose interval has passed.
/// An endpoint failing the API's threshold in a row is skipped by new connections until a probe succeeds again.
/// </summary>
public sealed class BackendHealthMonitor(ApiManager apis, BackendProbe probe, TimeProvider time, ILogger<BackendHealthMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckDueAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Probes every endpoint that is due, in parallel; public so tests drive it without the timer.</summary>
    public Task CheckDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<Task>();
        foreach (var api in apis.All)
        {
            var check = api.Config.HealthCheck;
            if (!check.Enabled || api.Config.Lifecycle is ApiLifecycle.Retired or ApiLifecycle.Created or ApiLifecycle.Prototyped)
            {
                continue;
            }

            foreach (var environment in new[] { BackendEnvironment.Production, BackendEnvironment.Sandbox })
            {
                foreach (var endpoint in api.Pool(environment).Endpoints)
                {
                    if (endpoint.LastChecked is { } last && (now - last).TotalMilliseconds < check.IntervalMs)
                    {
                        continue;
                    }

                    due.Add(CheckAsync(api, environment, endpoint, cancellationToken));
                }
            }
        }

        return Task.WhenAll(due);
    }

    private async Task CheckAsync(ApiRuntime api, BackendEnvironment environment, BackendEndpoint endpoint, CancellationToken cancellationToken)
    {
        var config = api.Config with { ConnectTimeoutMs = api.Config.HealthCheck.TimeoutMs };
        var result = await probe.ProbeAsync(config, environment, endpoint.Url, cancellationToken);
        if (result.Ok)
        {
            endpoint.ReportSuccess(time.GetUtcNow());
        }
        else
        {
            endpoint.ReportFailure(result.Error ?? "probe failed", api.Config.HealthCheck.UnhealthyThreshold, time.GetUtcNow());
            ForwardingLog.HealthCheckFailed(logger, api.Id, endpoint.Url.ToString(), result.Error ?? "probe failed");
        }
    }
}
