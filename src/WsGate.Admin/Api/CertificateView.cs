namespace WsGate.Admin.Api;

/// <summary>A named certificate with what was read from it; the PKCS#12 password is never shown.</summary>
public sealed record CertificateView(
    string Name,
    string? CertificateFile,
    string? KeyFile,
    string? Pkcs12File,
    string? Subject,
    string? Issuer,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    string? Thumbprint,
    string? Error,
    IReadOnlyList<string> UsedBy,
    bool Default = false,
    IReadOnlyList<string>? KeyAliases = null);
