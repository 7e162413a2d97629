using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using WsGate.LoadGen.Cli;

namespace WsGate.LoadGen.Net;

/// <summary>
/// The 127.x addresses client sockets bind to before connecting. Linux gives each bound source address its own
/// ephemeral port range (about 28,000 ports), so spreading connections over several addresses lets one machine open
/// far more connections to one server port than a single address allows.
/// </summary>
public sealed class SourceAddresses
{
    /// <summary>Connections per source address when the addresses are chosen automatically: well under the port range.</summary>
    public const int AutoConnectionsPerAddress = 10_000;

    public const int MaxAddresses = 65_536;

    private static readonly IPAddress FirstAuto = IPAddress.Parse("127.0.0.2");

    private readonly IPAddress[] _addresses;

    private SourceAddresses(IPAddress[] addresses) => _addresses = addresses;

    public int Count => _addresses.Length;

    public IPAddress this[int index] => _addresses[index];

    /// <summary>The address connection <paramref name="connection"/> binds to: round robin.</summary>
    public IPAddress For(int connection) => _addresses[connection % _addresses.Length];

    public override string ToString() =>
        _addresses.Length == 1 ? _addresses[0].ToString() : $"{_addresses[0]}-{_addresses[^1]}";

    public static bool IsLoopbackV4(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] == 127;

    /// <summary>
    /// <c>A</c> or <c>A-B</c> (inclusive, both in 127.0.0.0/8); when absent, enough addresses from 127.0.0.2 up for
    /// <paramref name="connections"/> at <see cref="AutoConnectionsPerAddress"/> each.
    /// </summary>
    public static SourceAddresses Parse(string option, string? text, int connections)
    {
        if (text is null)
        {
            var count = Math.Max(1, (connections + AutoConnectionsPerAddress - 1) / AutoConnectionsPerAddress);
            return Range(ToUInt(FirstAuto), count);
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var firstText = dash < 0 ? text : text[..dash];
        var lastText = dash < 0 ? text : text[(dash + 1)..];
        if (!IPAddress.TryParse(firstText, out var first) || !IPAddress.TryParse(lastText, out var last)
            || !IsLoopbackV4(first) || !IsLoopbackV4(last))
        {
            throw new UsageException($"{option} must be a 127.x.y.z address or a range like 127.0.0.2-127.0.0.9 (got '{text}')");
        }

        var from = ToUInt(first);
        var to = ToUInt(last);
        if (to < from || to - from >= MaxAddresses)
        {
            throw new UsageException($"{option} must run upwards and hold at most {MaxAddresses} addresses (got '{text}')");
        }

        return Range(from, (int)(to - from + 1));
    }

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> disjoint slices, for child processes; shares an address when there are fewer than parts.</summary>
    public SourceAddresses Slice(int part, int parts)
    {
        var from = (int)((long)part * _addresses.Length / parts);
        var to = (int)((long)(part + 1) * _addresses.Length / parts);
        return to > from ? new SourceAddresses(_addresses[from..to]) : new SourceAddresses([_addresses[part % _addresses.Length]]);
    }

    private static SourceAddresses Range(uint from, int count)
    {
        var addresses = new IPAddress[count];
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, from + (uint)i);
            addresses[i] = new IPAddress(bytes);
        }

        return new SourceAddresses(addresses);
    }

    private static uint ToUInt(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
}
