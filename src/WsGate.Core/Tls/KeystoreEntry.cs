using System.Security.Cryptography.X509Certificates;

namespace WsGate.Tls;

/// <summary>A certificate with its private key in a PKCS#12 keystore, and the alias (friendly name) the store gives it.</summary>
internal sealed record KeystoreEntry(string? Alias, X509Certificate2 Certificate);
