using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using WsGate.Configuration;
using WsGate.Configuration.Identity;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Management;
using WsGate.Tls;

namespace WsGate.Listeners;

/// <summary>
/// Keeps the running listeners in line with the configuration: starts new ones, stops removed or disabled ones, rebinds
/// those whose socket settings changed and updates the rest in place. A listener that fails to bind is marked failed
/// with the reason and the others carry on.
/// </summary>
public sealed class ListenerManager(
    ConnectionPipeline pipeline,
    ConnectionRegistry registry,
    TimeProvider time,
    GatewayOptions options,
    WorkerScheduler workers,
    ILoggerFactory loggerFactory) : IConfigApplier, IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = loggerFactory.CreateLogger<ListenerManager>();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private volatile IReadOnlyList<ListenerRuntime> _runtimes = [];

    /// <summary>Every configured listener in configuration order, with its state on this node.</summary>
    public IReadOnlyList<ListenerRuntime> Listeners => _runtimes;

    public ListenerRuntime? Find(string id) => _runtimes.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));

    public async Task ApplyAsync(GatewayConfig config, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var wanted = config.Listeners.ToDictionary(l => l.Id, StringComparer.OrdinalIgnoreCase);
            foreach (var id in _entries.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
            {
                try
                {
                    await StopAsync(_entries[id], "listener deleted");
                }
                finally
                {
                    // A stop that throws still lets the listener's waiting work go and takes its pool out of the scheduler.
                    _entries[id].Runtime.Retire();
                }

                _entries.Remove(id);
            }

            var runtimes = new List<ListenerRuntime>();
            foreach (var listener in config.Listeners)
            {
                var certificate = config.CertificateFor(listener);
                if (!_entries.TryGetValue(listener.Id, out var entry))
                {
                    entry = new Entry(new ListenerRuntime(listener, workers));
                    _entries[listener.Id] = entry;
                }

                await ReconcileAsync(entry, listener, certificate, cancellationToken);
                runtimes.Add(entry.Runtime);
            }

            _runtimes = runtimes;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes every connection with 1001 within <paramref name="drainTimeout"/>, then unbinds every listener.</summary>
    public async Task StopAllAsync(TimeSpan drainTimeout)
    {
        await _gate.WaitAsync();
        try
        {
            await registry.DrainAsync(drainTimeout);
            foreach (var entry in _entries.Values)
            {
                await StopAsync(entry, "server shutting down");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _entries.Values)
        {
            if (entry.Host is not null)
            {
                await entry.Host.DisposeAsync();
                entry.Host = null;
            }
        }

        _gate.Dispose();
    }

    private async Task ReconcileAsync(Entry entry, ListenerConfig listener, CertificateConfig? certificate, CancellationToken cancellationToken)
    {
        var runtime = entry.Runtime;
        var previous = entry.Applied;
        if (listener.Authentication.Allows(AuthMode.Url) && previous?.Authentication.Allows(AuthMode.Url) != true)
        {
            IdentityLog.UrlAuthenticationEnabled(_logger, $"Listener {listener.Id}");
        }

        if (!listener.Enabled)
        {
            runtime.Update(listener);
            if (entry.Host is not null)
            {
                await StopAsync(entry, "listener disabled");
            }

            runtime.State = ListenerState.Disabled;
            runtime.FailureReason = null;
            entry.Applied = listener;
            entry.AppliedCertificate = certificate;
            ListenerLog.Disabled(_logger, listener.Id);
            return;
        }

        var rebind = entry.Host is null
            || previous is null
            || previous.NeedsRebind(listener)
            || entry.AppliedCertificate != certificate;
        if (!rebind)
        {
            if (previous != listener)
            {
                runtime.Update(listener);
                ListenerLog.Updated(_logger, listener.Id);
            }

            entry.Applied = listener;
            return;
        }

        if (entry.Host is not null)
        {
            await StopAsync(entry, "listener rebinding");
        }

        runtime.Update(listener);
        entry.Applied = listener;
        entry.AppliedCertificate = certificate;
        await StartAsync(entry, certificate, cancellationToken);
    }

    private async Task StartAsync(Entry entry, CertificateConfig? certificate, CancellationToken cancellationToken)
    {
        var runtime = entry.Runtime;
        var config = runtime.Config;
        X509Certificate2? loaded = null;
        try
        {
            if (config.Protocol == ListenerProtocol.Wss)
            {
                if (certificate is null)
                {
                    throw new InvalidOperationException($"certificate '{config.Certificate}' is not configured");
                }

                loaded = CertificateLoader.Load(certificate, config.KeyAlias);
                runtime.CertificateExpires = new DateTimeOffset(loaded.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            }
            else
            {
                runtime.CertificateExpires = null;
            }

            var bindings = options.BindingsFor(config);
            var (host, addresses) = await ListenerHost.StartAsync(runtime, bindings, loaded, pipeline, time, loggerFactory, cancellationToken);
            entry.Host = host;
            entry.Certificate = loaded;

            // Kestrel names what it bound http://IP:port; clients need the WebSocket scheme.
            var scheme = config.Protocol == ListenerProtocol.Wss ? "wss" : "ws";
            runtime.BoundAddresses = [.. addresses.Select(a => scheme + a[a.IndexOf(':', StringComparison.Ordinal)..])];
            runtime.NodeBindings = ReferenceEquals(bindings, config.Bindings) ? null : bindings;
            runtime.State = ListenerState.Enabled;
            runtime.FailureReason = null;
            ListenerLog.Started(_logger, config.Id, string.Join(", ", runtime.BoundAddresses));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            loaded?.Dispose();
            runtime.State = ListenerState.Failed;
            runtime.FailureReason = Describe(ex);
            runtime.BoundAddresses = [];
            ListenerLog.Failed(_logger, config.Id, runtime.FailureReason, ex is CertificateLoadException or IOException ? null : ex);
        }
    }

    private async Task StopAsync(Entry entry, string reason)
    {
        var runtime = entry.Runtime;
        await registry.CloseAllAsync(s => s.Listener == runtime, WebSocketCloseStatus.EndpointUnavailable, reason, CloseTimeout);
        if (entry.Host is not null)
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await entry.Host.StopAsync(timeout.Token);
            await entry.Host.DisposeAsync();
            entry.Host = null;
            ListenerLog.Stopped(_logger, runtime.Id);
        }

        entry.Certificate?.Dispose();
        entry.Certificate = null;
        runtime.BoundAddresses = [];
        runtime.State = ListenerState.Disabled;
    }

    private static string Describe(Exception ex)
    {
        if (ex is CertificateLoadException cert)
        {
            return "certificate " + cert.Message;
        }

        // Kestrel wraps the socket error: "Failed to bind to address http://127.0.0.1:8080: address already in use."
        return ex.Message.TrimEnd('.');
    }

    private sealed class Entry(ListenerRuntime runtime)
    {
        public ListenerRuntime Runtime { get; } = runtime;

        public ListenerHost? Host { get; set; }

        public X509Certificate2? Certificate { get; set; }

        public ListenerConfig? Applied { get; set; }

        public CertificateConfig? AppliedCertificate { get; set; }
    }
}
