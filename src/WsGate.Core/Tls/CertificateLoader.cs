using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WsGate.Configuration;

namespace WsGate.Tls;

/// <summary>Loads the server certificate a <see cref="CertificateConfig"/> names, with errors that name the file and the cause.</summary>
public static class CertificateLoader
{
    /// <summary>
    /// Loads the certificate with its key. A PKCS#12 keystore holding several keys needs <paramref name="keyAlias"/> to
    /// choose one; a failure about the alias names the field <c>keyAlias</c>, which belongs to the listener.
    /// </summary>
    public static X509Certificate2 Load(CertificateConfig config, string? keyAlias = null)
    {
        if (!string.IsNullOrEmpty(config.Pkcs12File))
        {
            return LoadFromKeystore(config, config.Pkcs12File, keyAlias);
        }

        if (!string.IsNullOrEmpty(keyAlias))
        {
            throw new CertificateLoadException("keyAlias", config.CertificateFile ?? "", $"certificate '{config.Name}' is a PEM pair, not a PKCS#12 keystore, so it has no aliases");
        }

        if (string.IsNullOrEmpty(config.CertificateFile))
        {
            throw new CertificateLoadException("certificateFile", "", "either certificateFile and keyFile, or pkcs12File, is required");
        }

        var certPem = System.Text.Encoding.ASCII.GetString(Read("certificateFile", config.CertificateFile));
        if (string.IsNullOrEmpty(config.KeyFile))
        {
            throw new CertificateLoadException("keyFile", "", "a PEM certificate needs its PEM private key file");
        }

        var keyPem = System.Text.Encoding.ASCII.GetString(Read("keyFile", config.KeyFile));
        X509Certificate2 publicOnly;
        try
        {
            publicOnly = X509Certificate2.CreateFromPem(certPem);
        }
        catch (CryptographicException ex)
        {
            throw new CertificateLoadException("certificateFile", config.CertificateFile, "is not a PEM certificate (" + ex.Message + ")", ex);
        }

        using (publicOnly)
        {
            try
            {
                using var withKey = X509Certificate2.CreateFromPem(certPem, keyPem);

                // On Linux an ephemeral key works with SslStream; exporting to PKCS#12 keeps the key usable everywhere.
                return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
            }
            catch (CryptographicException ex)
            {
                // .NET gives one message for "no PEM key in the file" and "the key belongs to another certificate"
                // ("...malformed, or the key does not match the certificate"), so a file without any PEM private key
                // block is named as such instead of being blamed for a mismatch.
                var cause = !ContainsPemPrivateKey(keyPem)
                    ? "holds no PEM private key"
                    : ex.Message.Contains("does not match", StringComparison.OrdinalIgnoreCase)
                    || ex.Message.Contains("mismatch", StringComparison.OrdinalIgnoreCase)
                    ? "does not match the certificate in " + config.CertificateFile
                    : "is not a PEM private key matching the certificate (" + ex.Message + ")";
                throw new CertificateLoadException("keyFile", config.KeyFile, cause, ex);
            }
            catch (ArgumentException ex)
            {
                throw new CertificateLoadException("keyFile", config.KeyFile, "holds no PEM private key (" + ex.Message + ")", ex);
            }
        }
    }

    /// <summary>Every key entry of a PKCS#12 keystore by alias; checks the file and the password.</summary>
    public static IReadOnlyList<string> KeyAliases(CertificateConfig config)
    {
        using var loaded = LoadKeystore(config, config.Pkcs12File!);
        return [.. loaded.Keys.Select(k => k.Alias ?? "(no alias)")];
    }

    private static X509Certificate2 LoadFromKeystore(CertificateConfig config, string file, string? keyAlias)
    {
        using var store = LoadKeystore(config, file);
        var keys = store.Keys;
        if (keys.Count == 0)
        {
            throw new CertificateLoadException("pkcs12File", file, "holds no private key");
        }

        KeystoreEntry chosen;
        if (string.IsNullOrEmpty(keyAlias))
        {
            if (keys.Count > 1)
            {
                throw new CertificateLoadException("keyAlias", file, $"keystore '{config.Name}' holds {keys.Count} keys ({Names(keys)}); choose one with keyAlias");
            }

            chosen = keys[0];
        }
        else
        {
            // Aliases compare without case, as keytool stores them lower-cased.
            chosen = keys.FirstOrDefault(k => string.Equals(k.Alias, keyAlias, StringComparison.OrdinalIgnoreCase))
                ?? throw new CertificateLoadException("keyAlias", file, $"keystore '{config.Name}' has no key with the alias '{keyAlias}' (aliases: {Names(keys)})");
        }

        return store.Take(chosen);
    }

    private static string Names(IEnumerable<KeystoreEntry> keys) => string.Join(", ", keys.Select(k => k.Alias ?? "(no alias)"));

    private static Keystore LoadKeystore(CertificateConfig config, string file)
    {
        var bytes = Read("pkcs12File", file);
        try
        {
            return Keystore.Read(bytes, config.Password);
        }
        catch (CryptographicException ex)
        {
            throw new CertificateLoadException("pkcs12File", file, "cannot be read as PKCS#12 with the given password (" + ex.Message + ")", ex);
        }
    }

    private static bool ContainsPemPrivateKey(string pem)
    {
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            {
                return true;
            }

            rest = rest[fields.Location.End..];
        }

        return false;
    }

    private static byte[] Read(string field, string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new CertificateLoadException(field, path, "file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new CertificateLoadException(field, path, "folder not found");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CertificateLoadException(field, path, "permission denied", ex);
        }
        catch (IOException ex)
        {
            throw new CertificateLoadException(field, path, "cannot be read (" + ex.Message + ")", ex);
        }
    }
}
