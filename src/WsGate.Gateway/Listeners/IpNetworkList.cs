using System.Net;
using System.Net.Sockets;

namespace WsGate.Listeners;

/// <summary>A list of IP addresses and CIDR ranges, as configured (validated already), matched with IPv4-mapped IPv6 addresses seen as IPv4.</summary>
public sealed class IpNetworkList
{
    private readonly IPNetwork[] _networks;

    public IpNetworkList(IEnumerable<string> ranges)
    {
        _networks = ranges.Select(Parse).ToArray();
    }

    public bool IsEmpty => _networks.Length == 0;

    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        address = Normalize(address);
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An IPv4-mapped IPv6 address (<c>::ffff:10.0.0.1</c>, what a dual-stack socket reports) as plain IPv4.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPNetwork Parse(string text)
    {
        if (IPAddress.TryParse(text, out var single))
        {
            single = Normalize(single);
            return new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        }

        return IPNetwork.Parse(text);
    }
}
