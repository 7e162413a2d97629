using System.Net;
using WsGate.Configuration;

namespace WsGate.Listeners;

/// <summary>A compiled <see cref="AccessConfig"/>: deny entries always win; otherwise the mode decides for unlisted addresses.</summary>
public sealed class IpAccessList
{
    private readonly AccessMode _mode;
    private readonly IPNetwork[] _allow;
    private readonly IPNetwork[] _deny;

    public IpAccessList(AccessConfig config)
    {
        _mode = config.Mode;
        _allow = config.Allow.Select(Parse).ToArray();
        _deny = config.Deny.Select(Parse).ToArray();
    }

    public static IpAccessList AllowAll { get; } = new(new AccessConfig());

    public bool IsAllowed(IPAddress? address)
    {
        if (address is null)
        {
            return _mode == AccessMode.AllowByDefault && _deny.Length == 0;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (Matches(_deny, address))
        {
            return false;
        }

        return _mode == AccessMode.AllowByDefault || Matches(_allow, address);
    }

    private static bool Matches(IPNetwork[] networks, IPAddress address)
    {
        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork Parse(string text)
    {
        if (IPAddress.TryParse(text, out var single))
        {
            if (single.IsIPv4MappedToIPv6)
            {
                single = single.MapToIPv4();
            }

            return new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        return IPNetwork.Parse(text);
    }
}
