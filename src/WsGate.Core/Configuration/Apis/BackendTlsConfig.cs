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
    /// Server name to send in SNI and to validate, instead of the URL's host. In <c>frames</c> mode it is also the Host
    /// header of the backend handshake, since that is where .NET's HTTP stack takes the TLS name from.
    /// </summary>
    public string? SniOverride { get; init; }
}
