using WsGate.Configuration;

namespace WsGate.Admin.Console.Listeners;

/// <summary>One endpoint row of the listener form; a row left blank is not an endpoint.</summary>
public sealed class EndpointRow
{
    public string? Path { get; set; }

    public EndpointKind Kind { get; set; }

    /// <summary>Blank uses the listener's maximum connection duration.</summary>
    public long? MaxConnectionDurationMs { get; set; }
}
