using System.Net;
using WsGate.Configuration;

namespace WsGate.Listeners;

/// <summary>A compiled <see cref="AccessConfig"/>: deny entries always win; otherwise the mode decides for unlisted addresses.</summary>
public sealed class IpAccessList
{
    private readonly AccessMode _mode;
    private readonly IpNetworkList _allow;
    private readonly IpNetworkList _deny;

    public IpAccessList(AccessConfig config)
    {
        _mode = config.Mode;
        _allow = new IpNetworkList(config.Allow);
        _deny = new IpNetworkList(config.Deny);
    }

    public static IpAccessList AllowAll { get; } = new(new AccessConfig());

    public bool IsAllowed(IPAddress? address)
    {
        if (address is null)
        {
            return _mode == AccessMode.AllowByDefault && _deny.IsEmpty;
        }

        if (_deny.Contains(address))
        {
            return false;
        }

        return _mode == AccessMode.AllowByDefault || _allow.Contains(address);
    }
}
