using System.Security.Cryptography;
using System.Text;

namespace WsGate.Identity;

/// <summary>Random credentials and their stored form. Tokens, secrets and API keys are 256-bit random, base64url.</summary>
public static class Secrets
{
    /// <summary>A new credential such as <c>wsg_at_…</c>; the prefix tells an operator what leaked when one does.</summary>
    public static string New(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored form: SHA-256, hex. Comparing hashes needs no constant-time care since they are looked up, not compared.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Constant-time equality for secrets compared in memory.</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
