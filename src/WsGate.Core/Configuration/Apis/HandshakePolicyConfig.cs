namespace WsGate.Configuration.Apis;

/// <summary>Checks made on the handshake before any upgrade, as DataPower runs its rules before upgrading.</summary>
public sealed record HandshakePolicyConfig
{
    /// <summary>Origins allowed to open a connection (against cross-site WebSocket hijacking); empty allows any, including none.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Request headers that must be present.</summary>
    public IReadOnlyList<string> RequiredHeaders { get; init; } = [];

    /// <summary>Query parameters that must be present.</summary>
    public IReadOnlyList<string> RequiredQuery { get; init; } = [];

    /// <summary>Request headers copied to the backend handshake (X-Forwarded-For, -Proto and -Host are always sent).</summary>
    public IReadOnlyList<string> ForwardHeaders { get; init; } = [];

    /// <summary>Handshakes allowed per second for the whole API; 0 is unlimited. Excess handshakes get 429 with Retry-After.</summary>
    public double HandshakesPerSecond { get; init; }

    /// <summary>Handshakes allowed at once above the rate; defaults to the rate rounded up.</summary>
    public int HandshakeBurst { get; init; }
}
