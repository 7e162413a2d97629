using WsGate.Tls;

namespace WsGate.Configuration.Validation;

/// <summary>Checks a named certificate, loading its files so that a bad file is refused when it is configured, not when a listener starts.</summary>
public static class CertificateValidator
{
    public static void Validate(CertificateConfig certificate, ErrorSink errors)
    {
        if (!Identifiers.IsValidAlias(certificate.Name))
        {
            errors.Add("name", Identifiers.AliasRule);
        }

        var hasPem = !string.IsNullOrEmpty(certificate.CertificateFile) || !string.IsNullOrEmpty(certificate.KeyFile);
        var hasPfx = !string.IsNullOrEmpty(certificate.Pkcs12File);
        if (hasPem && hasPfx)
        {
            errors.Add("pkcs12File", "give either certificateFile and keyFile, or pkcs12File, not both");
            return;
        }

        if (!hasPem && !hasPfx)
        {
            errors.Add("certificateFile", "either certificateFile and keyFile, or pkcs12File, is required");
            return;
        }

        try
        {
            // A keystore may hold several keys (the listener picks one by alias), so it is checked as a whole here.
            if (hasPfx)
            {
                if (CertificateLoader.KeyAliases(certificate).Count == 0)
                {
                    errors.Add("pkcs12File", "holds no private key");
                }
            }
            else
            {
                using var loaded = CertificateLoader.Load(certificate);
            }
        }
        catch (CertificateLoadException ex)
        {
            errors.Add(ex.Field, ex.Message);
        }
    }
}
