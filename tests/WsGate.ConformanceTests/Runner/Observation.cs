using WsGate.ConformanceTests.Cases;

namespace WsGate.ConformanceTests.Runner;

/// <summary>Everything the client saw during one case, filled in by <see cref="CaseSession"/>'s reader.</summary>
public sealed class Observation
{
    /// <summary>How the violation of a data frame sent after the server's close frame begins.</summary>
    public const string DataAfterClose = "data frame after the server's close";

    /// <summary>Whole messages and pongs, in the order they completed.</summary>
    public List<EchoMessage> Messages { get; } = [];

    /// <summary>Data frames of a message the server started but had not finished when it closed (a streamed partial echo).</summary>
    public int UnfinishedFrames { get; set; }

    public long UnfinishedBytes { get; set; }

    public bool CloseReceived { get; set; }

    /// <summary>The server's close code; 1005 when its close frame had no body.</summary>
    public int? CloseCode { get; set; }

    public string? CloseReason { get; set; }

    /// <summary>The server's close frame arrived before the client had sent one: the server started the closing handshake.</summary>
    public bool ServerClosedFirst { get; set; }

    /// <summary>The runner, not the case's script, sent the client's close (the script was done and the connection still open).</summary>
    public bool RunnerClosed { get; set; }

    /// <summary>The server ended the TCP connection with a FIN after the closing handshake.</summary>
    public bool TcpClosed { get; set; }

    /// <summary>The TCP connection was reset, or reading from it failed.</summary>
    public string? ReadError { get; set; }

    /// <summary>A write failed (typically the server had already dropped the connection).</summary>
    public string? WriteError { get; set; }

    public bool TimedOut { get; set; }

    public int ServerPings { get; set; }

    /// <summary>Things the server sent that RFC 6455 forbids (masked frames, reserved bits, bad control frames, ...).</summary>
    public List<string> Violations { get; } = [];

    public TimeSpan Elapsed { get; set; }

    public override string ToString()
    {
        var parts = new List<string>
        {
            Messages.Count == 0 ? "no messages" : $"messages [{string.Join(", ", Messages)}]",
            CloseReceived ? $"close {CloseCode}{(string.IsNullOrEmpty(CloseReason) ? string.Empty : $" \"{CloseReason}\"")} sent first by {(ServerClosedFirst ? "server" : "client")}" : "no close frame",
            TcpClosed ? "TCP closed" : "TCP not closed",
        };
        if (UnfinishedFrames > 0)
        {
            parts.Add($"{UnfinishedFrames} frame(s), {UnfinishedBytes} bytes of an unfinished message echoed");
        }

        if (ReadError is not null)
        {
            parts.Add($"read error: {ReadError}");
        }

        if (WriteError is not null)
        {
            parts.Add($"write error: {WriteError}");
        }

        if (TimedOut)
        {
            parts.Add("timed out");
        }

        if (Violations.Count > 0)
        {
            parts.Add($"violations: {string.Join("; ", Violations)}");
        }

        parts.Add($"{Elapsed.TotalMilliseconds:F0} ms");
        return string.Join(", ", parts);
    }
}
