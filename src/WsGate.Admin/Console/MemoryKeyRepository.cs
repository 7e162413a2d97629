using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace WsGate.Admin.Console;

/// <summary>
/// Keeps the data-protection keys that sign console cookies and antiforgery tokens in memory only: nothing is written to
/// the home folder, and a restart simply asks everyone to sign in again.
/// </summary>
public sealed class MemoryKeyRepository : IXmlRepository
{
    private readonly List<XElement> _elements = [];
    private readonly Lock _lock = new();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_lock)
        {
            return _elements.Select(e => new XElement(e)).ToList();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_lock)
        {
            _elements.Add(new XElement(element));
        }
    }
}
