using System.Globalization;
using System.Net;

namespace WsGate.Configuration.Validation;

/// <summary>
/// An <c>IP:port</c> binding; IPv6 addresses are bracketed (<c>[::1]:8080</c>). A port alone (<c>8080</c>), as a
/// webMethods port without a bind address, binds every interface of both families: <c>[::]</c> in dual mode, or
/// <c>0.0.0.0</c> where the host has no IPv6.
/// </summary>
public readonly record struct BindAddress(IPAddress Address, int Port)
{
    public bool IsWildcard => Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any);

    /// <summary>Written as a port alone: every interface, IPv4 and IPv6.</summary>
    public bool AllInterfaces { get; init; }

    public static bool TryParse(string? text, out BindAddress binding, out string error)
    {
        binding = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; expected IP:port such as 127.0.0.1:8080 or [::1]:8080, or a port alone for every interface";
            return false;
        }

        if (text.All(char.IsAsciiDigit))
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var alone) || alone > 65535)
            {
                error = $"port '{text}' must be a number from 0 to 65535";
                return false;
            }

            binding = new BindAddress(IPAddress.IPv6Any, alone) { AllInterfaces = true };
            error = "";
            return true;
        }

        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{text}' is not IP:port; an IPv6 address is written [address]:port";
                return false;
            }

            host = text[1..close];
            port = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':') != colon)
            {
                error = $"'{text}' is not IP:port; write 127.0.0.1:8080, 0.0.0.0:8080, [::1]:8080 or a port alone (8080) for every interface";
                return false;
            }

            host = text[..colon];
            port = text[(colon + 1)..];
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            error = $"'{host}' is not an IP address";
            return false;
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
        {
            error = $"port '{port}' must be a number from 0 to 65535";
            return false;
        }

        binding = new BindAddress(address, number);
        error = "";
        return true;
    }

    public static BindAddress Parse(string text) =>
        TryParse(text, out var binding, out var error) ? binding : throw new FormatException(error);

    /// <summary>True when both would claim the same socket: same port and the same or a wildcard address of the same family.</summary>
    public bool Overlaps(BindAddress other)
    {
        if (Port == 0 || other.Port == 0 || Port != other.Port)
        {
            return false;
        }

        if (Address.Equals(other.Address) || AllInterfaces || other.AllInterfaces)
        {
            return true;
        }

        return (IsWildcard || other.IsWildcard) && Address.AddressFamily == other.Address.AddressFamily;
    }

    public override string ToString() => AllInterfaces ? Port.ToString(CultureInfo.InvariantCulture) : new IPEndPoint(Address, Port).ToString();
}
