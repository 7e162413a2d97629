using System.Security.Cryptography;
using System.Text;

namespace WsGate.Configuration.Secrets;

/// <summary>
/// Secrets sealed with a passphrase, for the admin-only export that replicates a server: AES-256-GCM (.NET's
/// <see cref="AesGcm"/>, the platform's OpenSSL) with the key derived by PBKDF2-HMAC-SHA256
/// (<see cref="Rfc2898DeriveBytes"/>), one random salt per export and one random nonce per value. A sealed value reads
/// <c>wsgate-enc:v1:SALT:NONCE:CIPHERTEXT+TAG</c> (base64url), so it stays one YAML scalar where the secret was.
/// </summary>
public sealed class PassphraseSeal
{
    public const string Prefix = "wsgate-enc:v1:";

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256; a derivation takes a few hundred milliseconds, once per export or import.</summary>
    public const int Iterations = 600_000;

    private const int SaltSize = 16;
    private const int KeySize = 32;
    private static readonly byte[] Context = Encoding.ASCII.GetBytes("wsgate config secret v1");

    private readonly string _passphrase;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public PassphraseSeal(string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        _passphrase = passphrase;
    }

    public static bool IsSealed(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Seals <paramref name="secret"/> under this export's salt (chosen on first use).</summary>
    public string Seal(string secret)
    {
        var salt = _keys.Count == 0 ? Base64Url(RandomNumberGenerator.GetBytes(SaltSize)) : _keys.Keys.First();
        return $"{Prefix}{salt}:{AesGcmSeal.Seal(KeyFor(salt), secret, Context)}";
    }

    /// <summary>The secret inside <paramref name="value"/>, or false when it is malformed or this passphrase did not seal it.</summary>
    public bool TryOpen(string value, out string secret)
    {
        secret = "";
        if (!IsSealed(value))
        {
            return false;
        }

        var rest = value[Prefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var salt = rest[..colon];
        try
        {
            if (FromBase64Url(salt).Length != SaltSize)
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        return AesGcmSeal.TryOpen(KeyFor(salt), rest[(colon + 1)..], Context, out secret);
    }

    private byte[] KeyFor(string salt)
    {
        if (!_keys.TryGetValue(salt, out var key))
        {
            key = Rfc2898DeriveBytes.Pbkdf2(_passphrase, FromBase64Url(salt), Iterations, HashAlgorithmName.SHA256, KeySize);
            _keys[salt] = key;
        }

        return key;
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[] FromBase64Url(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
