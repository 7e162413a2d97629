using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace WsGate.Tls;

/// <summary>
/// A PKCS#12 keystore with several keys, as Java's keytool and webMethods keep them: the keys come from
/// <see cref="X509CertificateLoader"/>, which pairs each certificate with its key; the aliases from the store's bags
/// (<see cref="Pkcs12Info"/>), since the loader drops the friendly names on Linux. A certificate bag without a name takes
/// its key bag's, matched by local key id (RFC 7292 section 4.2 attributes).
/// </summary>
internal sealed class Keystore : IDisposable
{
    private const string FriendlyNameOid = "1.2.840.113549.1.9.20";
    private const string LocalKeyIdOid = "1.2.840.113549.1.9.21";

    private readonly X509Certificate2Collection _all;
    private X509Certificate2? _taken;

    private Keystore(X509Certificate2Collection all, IReadOnlyList<KeystoreEntry> keys)
    {
        _all = all;
        Keys = keys;
    }

    /// <summary>The entries that have a private key, by alias (the loader does not keep the store's order).</summary>
    public IReadOnlyList<KeystoreEntry> Keys { get; }

    public static Keystore Read(byte[] bytes, string? password)
    {
        var all = X509CertificateLoader.LoadPkcs12Collection(bytes, password, X509KeyStorageFlags.Exportable);
        try
        {
            var aliases = AliasesByThumbprint(bytes, password);
            var keys = all.Where(c => c.HasPrivateKey)
                .Select(c => new KeystoreEntry(aliases.GetValueOrDefault(c.Thumbprint), c))
                .OrderBy(k => k.Alias, StringComparer.OrdinalIgnoreCase)
                .ToList();
            return new Keystore(all, keys);
        }
        catch
        {
            Dispose(all, null);
            throw;
        }
    }

    /// <summary>The entry's certificate, which the caller now owns; the rest go with this keystore.</summary>
    public X509Certificate2 Take(KeystoreEntry entry)
    {
        _taken = entry.Certificate;
        return entry.Certificate;
    }

    public void Dispose() => Dispose(_all, _taken);

    private static void Dispose(X509Certificate2Collection all, X509Certificate2? keep)
    {
        foreach (var certificate in all)
        {
            if (!ReferenceEquals(certificate, keep))
            {
                certificate.Dispose();
            }
        }
    }

    private static Dictionary<string, string> AliasesByThumbprint(byte[] bytes, string? password)
    {
        var info = Pkcs12Info.Decode(bytes, out _, skipCopy: true);
        var certificates = new List<(string Thumbprint, string? Name, string? KeyId)>();
        var keyNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var safe in info.AuthenticatedSafe)
        {
            if (safe.ConfidentialityMode == Pkcs12ConfidentialityMode.Password)
            {
                safe.Decrypt(password);
            }

            foreach (var bag in safe.GetBags())
            {
                var name = Attribute(bag, FriendlyNameOid) is { } raw ? ReadName(raw) : null;
                var keyId = Attribute(bag, LocalKeyIdOid) is { } id ? Convert.ToHexString(AsnDecoder.ReadOctetString(id, AsnEncodingRules.BER, out _)) : null;
                switch (bag)
                {
                    case Pkcs12CertBag { IsX509Certificate: true } certificateBag:
                        using (var certificate = certificateBag.GetCertificate())
                        {
                            certificates.Add((certificate.Thumbprint, name, keyId));
                        }

                        break;
                    case Pkcs12ShroudedKeyBag or Pkcs12KeyBag when name is not null && keyId is not null:
                        keyNames[keyId] = name;
                        break;
                }
            }
        }

        var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (thumbprint, name, keyId) in certificates)
        {
            if ((name ?? (keyId is null ? null : keyNames.GetValueOrDefault(keyId))) is { } alias)
            {
                aliases.TryAdd(thumbprint, alias);
            }
        }

        return aliases;
    }

    private static byte[]? Attribute(Pkcs12SafeBag bag, string oid)
    {
        foreach (var attribute in bag.Attributes)
        {
            if (attribute.Oid.Value == oid && attribute.Values.Count > 0)
            {
                return attribute.Values[0].RawData;
            }
        }

        return null;
    }

    private static string? ReadName(byte[] raw)
    {
        try
        {
            return AsnDecoder.ReadCharacterString(raw, AsnEncodingRules.BER, UniversalTagNumber.BMPString, out _);
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
