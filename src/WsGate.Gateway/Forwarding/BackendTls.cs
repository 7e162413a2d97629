using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Tls;

namespace WsGate.Forwarding;

/// <summary>
/// The TLS settings of a backend leg from an API's <see cref="BackendTlsConfig"/>, shared by both relays: TLS 1.2 at
/// least, an optional client certificate (mutual TLS), and validation against the system store, a CA bundle, or not
/// at all when the operator turned it off.
/// </summary>
public static class BackendTls
{
    public static void Apply(SslClientAuthenticationOptions options, BackendTlsConfig tls, CertificateConfig? clientCertificate)
    {
        options.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        if (clientCertificate is not null)
        {
            options.ClientCertificates = [CertificateLoader.Load(clientCertificate)];
        }

        if (!tls.ValidateCertificate)
        {
            // The operator turned validation off for this API (backendTls.validateCertificate: false), as DataPower's
            // "Validate server certificate: off" does for prototypes; it is on by default.
#pragma warning disable CA5359
            options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (tls.CaBundleFile is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(tls.CaBundleFile);
            options.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => ValidateWithBundle(certificate, chain, errors, roots);
        }
    }

    /// <summary>Trusts the bundle's CAs instead of the system store; the name check stays as the platform did it.</summary>
    private static bool ValidateWithBundle(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
