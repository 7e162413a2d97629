namespace WsGate.Admin.Api;

/// <summary>The body of <c>POST /api/v1/config/export</c>: the passphrase that seals the configuration's secrets.</summary>
public sealed record ExportRequest
{
    public string? Passphrase { get; init; }

    /// <summary>A listener group to export alone (its listeners and their certificates); absent, the whole configuration.</summary>
    public string? Group { get; init; }
}
