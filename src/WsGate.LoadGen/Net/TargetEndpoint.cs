using System.Net;
using WsGate.LoadGen.Cli;

namespace WsGate.LoadGen.Net;

/// <summary>A <c>ws://</c> URL on a loopback address: the only kind of target this tool will load.</summary>
public sealed record TargetEndpoint(IPEndPoint EndPoint, string HostHeader, string PathAndQuery)
{
    public const string DefaultUrl = "ws://127.0.0.1:8080/echo";

    public string Url => $"ws://{HostHeader}{PathAndQuery}";

    public static TargetEndpoint Parse(string option, string? text)
    {
        text ??= DefaultUrl;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "ws")
        {
            throw new UsageException($"{option} must be a ws:// URL such as {DefaultUrl} (got '{text}'; wss is not supported)");
        }

        var host = uri.Host;
        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        if (address is null || !SourceAddresses.IsLoopbackV4(address))
        {
            throw new UsageException($"{option} must target an IPv4 loopback address in 127.0.0.0/8 (got '{host}')");
        }

        var port = uri.IsDefaultPort ? 80 : uri.Port;
        return new TargetEndpoint(new IPEndPoint(address, port), $"{host}:{port}", uri.PathAndQuery);
    }
}
