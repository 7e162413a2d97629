using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WsGate.Admission;
using WsGate.Analytics;
using WsGate.Configuration.Apis;
using WsGate.Diagnostics;
using WsGate.Routing;

namespace WsGate.Forwarding;

/// <summary>
/// Tries an API environment's endpoints in the pool's order (healthy first, round robin or failover) until one
/// accepts the upgrade, recording each outcome in the endpoint's health; both relay modes connect through it.
/// </summary>
public sealed class BackendDialer(TimeProvider time, GatewayAnalytics analytics, ILogger<BackendDialer> logger)
{
    public async Task<(T Connection, BackendEndpoint Endpoint)?> ConnectAnyAsync<T>(
        ApiRuntime api,
        BackendEnvironment environment,
        Func<Uri, CancellationToken, Task<T>> connect,
        CancellationToken cancellationToken)
    {
        foreach (var endpoint in api.Pool(environment).Candidates())
        {
            var started = time.GetTimestamp();
            try
            {
                var connection = await connect(endpoint.Url, cancellationToken);
                analytics.BackendConnected(api, time.GetElapsedTime(started));
                endpoint.ReportSuccess(time.GetUtcNow());
                return (connection, endpoint);
            }
            catch (BackendConnectException ex)
            {
                api.CountBackendFailure();
                analytics.BackendFailed(api, ex.Backend, ex.Reason, time.GetElapsedTime(started));
                endpoint.ReportFailure(ex.Reason, api.Config.HealthCheck.UnhealthyThreshold, time.GetUtcNow());
                ForwardingLog.BackendUnreachable(logger, api.Id, ex.Backend.ToString(), ex.Reason);
            }
        }

        ForwardingLog.NoBackend(logger, api.Id);
        return null;
    }

    /// <summary>The 502 a client gets when no endpoint accepted, naming each endpoint's last failure.</summary>
    public static HandshakeRejection NoBackend(ApiRuntime api, BackendEnvironment environment)
    {
        var reasons = string.Join("; ", api.Pool(environment).Endpoints.Select(e => $"{e.Url}: {e.LastError ?? "not tried"}"));
        return new HandshakeRejection(
            StatusCodes.Status502BadGateway,
            "Backend unreachable",
            $"no {environment.ToName()} endpoint of API '{api.Id}' accepted the connection ({reasons})");
    }
}
