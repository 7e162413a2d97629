namespace WsGate.Configuration.Outbound;

/// <summary>
/// Auto reconnect when the connection is lost or cannot be made: the first retry after <see cref="IntervalSeconds"/>,
/// each further one twice as long up to <see cref="MaxIntervalSeconds"/>, each shortened by up to
/// <see cref="JitterPercent"/> percent so many clients do not retry in step.
/// </summary>
public sealed record ReconnectConfig
{
    public bool Enabled { get; init; }

    public int IntervalSeconds { get; init; } = 5;

    public int MaxIntervalSeconds { get; init; } = 300;

    public int JitterPercent { get; init; } = 20;
}
