using System.Security.Cryptography;
using System.Text;

namespace WsGate.Configuration.Secrets;

/// <summary>
/// The one AES-256-GCM construction both sealed forms use (the passphrase export and the store's data key): a random
/// 12-byte nonce per value, a 16-byte tag, a fixed context bound in as associated data, base64url text
/// <c>NONCE:CIPHERTEXT+TAG</c>. .NET's <see cref="AesGcm"/> (the platform's OpenSSL) does the cryptography.
/// </summary>
public static class AesGcmSeal
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static string Seal(byte[] key, string secret, byte[] context)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[plain.Length + TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), context);
        }

        return System.Buffers.Text.Base64Url.EncodeToString(nonce) + ":" + System.Buffers.Text.Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The secret in <paramref name="nonceAndSealed"/>, or false when it is malformed, changed, or sealed under another key.</summary>
    public static bool TryOpen(byte[] key, string nonceAndSealed, byte[] context, out string secret)
    {
        secret = "";
        var parts = nonceAndSealed.Split(':');
        if (parts.Length != 2)
        {
            return false;
        }

        try
        {
            var nonce = System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]);
            var sealedBytes = System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]);
            if (nonce.Length != NonceSize || sealedBytes.Length < TagSize)
            {
                return false;
            }

            var plain = new byte[sealedBytes.Length - TagSize];
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), plain, context);
            secret = Encoding.UTF8.GetString(plain);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
