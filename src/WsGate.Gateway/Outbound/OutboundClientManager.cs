using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Configuration;
using WsGate.Configuration.Outbound;
using WsGate.Management;
using WsGate.Rules;

namespace WsGate.Outbound;

/// <summary>
/// Keeps the running outbound clients in line with the configuration: a new active client connects, a changed one
/// reconnects with its new settings, a removed one is closed with 1000. Operators can also connect and disconnect a
/// client by hand; that holds until the client's configuration next changes.
/// </summary>
public sealed class OutboundClientManager(OutboundConnector connector, RuleQueue rules, TimeProvider time, ILoggerFactory loggers)
    : IConfigApplier, IHostedService
{
    private readonly Dictionary<string, (OutboundClient Client, string Json)> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger = loggers.CreateLogger("WsGate.Outbound.OutboundClient");
    private int _stopped;

    public OutboundClient? Find(string id)
    {
        lock (_clients)
        {
            return _clients.TryGetValue(id, out var entry) ? entry.Client : null;
        }
    }

    public IReadOnlyList<OutboundClient> All
    {
        get
        {
            lock (_clients)
            {
                return _clients.Values.Select(e => e.Client).ToList();
            }
        }
    }

    public async Task ApplyAsync(GatewayConfig config, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var stopping = new List<OutboundClient>();
            var starting = new List<OutboundClient>();
            lock (_clients)
            {
                var wanted = config.Clients.ToDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);
                foreach (var id in _clients.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
                {
                    stopping.Add(_clients[id].Client);
                    _clients.Remove(id);
                }

                foreach (var client in config.Clients)
                {
                    // Records holding lists and dictionaries compare them by reference; their JSON compares by content.
                    var json = ConfigSerializer.ToJson(client);
                    if (_clients.TryGetValue(client.Id, out var existing))
                    {
                        if (existing.Json == json)
                        {
                            continue;
                        }

                        stopping.Add(existing.Client);
                    }

                    var runtime = new OutboundClient(client, connector, rules, time, _logger);
                    _clients[client.Id] = (runtime, json);
                    if (client.Active)
                    {
                        starting.Add(runtime);
                    }
                }
            }

            foreach (var client in stopping)
            {
                await client.DisposeAsync();
            }

            foreach (var client in starting)
            {
                client.Start();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>At shutdown every client closes with 1000 and stops reconnecting; a second stop does nothing.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await Task.WhenAll(All.Select(c => c.StopAsync()));
    }
}
