using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using WsGate.Storage;

namespace WsGate.Admin.Console;

/// <summary>
/// Keeps the data-protection keys that sign console cookies and antiforgery tokens in the store's meta table, one entry
/// per key. A console session then survives a restart, and on several nodes sharing a PostgreSQL store a cookie issued by
/// one node is read by the others (a node that meets an unknown key id reloads the ring from here). Keys are stored as
/// the framework writes them, unencrypted, like the rest of the store's secrets: protect the store file or database.
/// </summary>
public sealed class StoreKeyRepository(IMetaStore store) : IXmlRepository
{
    /// <summary>The meta key prefix; the framework's friendly name (<c>key-{guid}</c>) follows it.</summary>
    public const string Prefix = "console.dataProtection.";

    // IXmlRepository is synchronous. The framework calls it when it first needs the key ring, when it creates a key
    // (every 90 days) and when it refreshes the ring (daily, or on a payload from an unknown key): rarely enough that
    // waiting on the store here costs nothing measurable.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.ListMetaAsync(Prefix).GetAwaiter().GetResult().Select(e => XElement.Parse(e.Value)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.SetMetaAsync(Prefix + friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
}
