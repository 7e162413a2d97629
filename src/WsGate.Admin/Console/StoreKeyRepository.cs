using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using WsGate.Admin.Diagnostics;
using WsGate.Storage;
using WsGate.Threading;

namespace WsGate.Admin.Console;

/// <summary>
/// Keeps the data-protection keys that sign console cookies and antiforgery tokens in the store's meta table, one entry
/// per key. A console session then survives a restart, and on several nodes sharing a PostgreSQL store a cookie issued by
/// one node is read by the others (a node that meets an unknown key id reloads the ring from here). Keys are stored as
/// the framework writes them, unencrypted, like the rest of the store's secrets: protect the store file or database.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous, and the framework calls it on whatever thread needs the key ring: at host
/// start (it loads the ring eagerly) and on requests. Waiting there on the store could block a socket engine's event
/// thread, and with PostgreSQL the wait would need that very thread to complete (inline socket completions). So the keys
/// are loaded asynchronously before the framework's first call (<see cref="ConsoleKeysLoader"/>), refreshed from the
/// store only on thread-pool threads (where the console's requests run and waiting is safe), and new keys are written in
/// the background.
/// </remarks>
public sealed class StoreKeyRepository(IMetaStore store, ILogger<StoreKeyRepository> logger) : IXmlRepository
{
    /// <summary>The meta key prefix; the framework's friendly name (<c>key-{guid}</c>) follows it.</summary>
    public const string Prefix = "console.dataProtection.";

    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, string> _keys = new(StringComparer.Ordinal);
    private Task _writes = Task.CompletedTask;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Merge(await store.ListMetaAsync(Prefix, cancellationToken));
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            try
            {
                Merge(store.ListMetaAsync(Prefix).GetAwaiter().GetResult());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The keys already loaded still verify the sessions they signed; a key another node made meanwhile is
                // picked up on a later refresh.
                ConsoleLog.KeysNotRefreshed(logger, ex.Message);
            }
        }

        lock (_lock)
        {
            return _keys.Values.Select(XElement.Parse).ToList();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        var key = Prefix + friendlyName;
        var xml = element.ToString(SaveOptions.DisableFormatting);
        lock (_lock)
        {
            _keys[key] = xml;
            _writes = WriteAfterAsync(_writes, key, xml);
        }
    }

    /// <summary>Completes when every key stored so far is written (or failed and was logged).</summary>
    public Task FlushAsync()
    {
        lock (_lock)
        {
            return _writes;
        }
    }

    private void Merge(IEnumerable<KeyValuePair<string, string>> entries)
    {
        lock (_lock)
        {
            foreach (var (key, xml) in entries)
            {
                _keys[key] = xml;
            }
        }
    }

    private async Task WriteAfterAsync(Task previous, string key, string xml)
    {
        await previous;
        await ThreadPoolHop.LeaveIoThread();
        try
        {
            await store.SetMetaAsync(key, xml);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The key still signs and verifies on this node; other nodes and the next start will not know it.
            ConsoleLog.KeyNotSaved(logger, key, ex.Message);
        }
    }
}
