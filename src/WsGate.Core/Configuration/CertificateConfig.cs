using WsGate.Configuration.Secrets;

namespace WsGate.Configuration;

/// <summary>
/// A named server certificate, like a webMethods keystore/key alias: either a PEM certificate with its
/// PEM private key, or a PKCS#12 file with its password. Listeners refer to it by <see cref="Name"/>.
/// </summary>
public sealed record CertificateConfig
{
    public string Name { get; init; } = "";

    public string? CertificateFile { get; init; }

    public string? KeyFile { get; init; }

    public string? Pkcs12File { get; init; }

    [Secret]

    public string? Password { get; init; }

    /// <summary>
    /// The server-wide default certificate (webMethods' default keystore): used by every wss listener that names none.
    /// At most one certificate is the default.
    /// </summary>
    public bool Default { get; init; }
}
