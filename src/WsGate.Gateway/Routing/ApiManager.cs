using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Identity;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Management;

namespace WsGate.Routing;

/// <summary>
/// Keeps API runtimes and the route table in line with the configuration. Retiring or deleting an API closes its open
/// connections with 1001; deprecating it only stops new ones (the route stays so existing connections keep their API).
/// </summary>
public sealed class ApiManager(ConnectionRegistry registry, TimeProvider time, ILogger<ApiManager> logger) : IConfigApplier
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);
    private readonly Dictionary<string, ApiRuntime> _apis = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile RouteTable _routes = RouteTable.Empty;

    public RouteTable Routes => _routes;

    public ApiRuntime? Find(string id)
    {
        lock (_apis)
        {
            return _apis.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<ApiRuntime> All
    {
        get
        {
            lock (_apis)
            {
                return _apis.Values.ToList();
            }
        }
    }

    public async Task ApplyAsync(GatewayConfig config, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var closing = new List<(ApiRuntime Api, string Reason)>();
            lock (_apis)
            {
                var wanted = config.Apis.ToDictionary(a => a.Id, StringComparer.OrdinalIgnoreCase);
                foreach (var id in _apis.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
                {
                    closing.Add((_apis[id], "API deleted"));
                    _apis.Remove(id);
                }

                foreach (var api in config.Apis)
                {
                    var wasUrl = _apis.TryGetValue(api.Id, out var existing) && existing.Config.Authentication?.Allows(AuthMode.Url) == true;
                    if (api.Authentication?.Allows(AuthMode.Url) == true && !wasUrl)
                    {
                        IdentityLog.UrlAuthenticationEnabled(logger, $"API {api.Id}");
                    }

                    if (_apis.TryGetValue(api.Id, out var runtime))
                    {
                        runtime.Update(api);
                    }
                    else
                    {
                        _apis[api.Id] = runtime = new ApiRuntime(api, time);
                    }

                    if (api.Lifecycle == ApiLifecycle.Retired)
                    {
                        closing.Add((runtime, "API retired"));
                    }
                }

                _routes = new RouteTable(_apis.Values);
            }

            foreach (var (api, reason) in closing)
            {
                await registry.CloseAllAsync(c => c.Api?.Api == api, WebSocketCloseStatus.EndpointUnavailable, reason, CloseTimeout);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
