namespace WsGate.Configuration.Apis;

/// <summary>How WsGate connects to <c>wss</c> backends.</summary>
public sealed record BackendTlsConfig
{
    /// <summary>Validate the backend's certificate chain and name. Turning it off is for prototypes only.</summary>
    public bool ValidateCertificate { get; init; } = true;

    /// <summary>PEM file of CA certificates to trust instead of the system store.</summary>
    public string? CaBundleFile { get; init; }

    /// <summary>Name of a configured certificate to present to the backend (mutual TLS).</summary>
    public string? ClientCertificate { get; init; }

    /// <summary>
    /// Server name to send in SNI and to validate, and to send as the backend handshake's Host header, instead of the
    /// URL's host (a backend serving several names picks by both).
    /// </summary>
    public string? SniOverride { get; init; }
}
