using System.Security.Cryptography;
using System.Text;

namespace WsGate.Identity;

/// <summary>
/// Proof Key for Code Exchange (RFC 7636) with the S256 method only: the client sends
/// <c>BASE64URL(SHA-256(code_verifier))</c> with the authorization request and the verifier with the code. The
/// <c>plain</c> method would put the verifier itself in the front channel, so it is refused (Security BCP).
/// </summary>
public static class Pkce
{
    public const string S256 = "S256";

    /// <summary>A verifier as RFC 7636 section 4.1 allows it: 43 to 128 characters of A-Z a-z 0-9 - . _ ~.</summary>
    public static bool IsValidVerifier(string? verifier) =>
        verifier is { Length: >= 43 and <= 128 } && verifier.All(IsUnreserved);

    /// <summary>An S256 challenge: base64url without padding of 32 bytes, so exactly 43 characters.</summary>
    public static bool IsValidChallenge(string? challenge) =>
        challenge is { Length: 43 } && challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The S256 challenge of <paramref name="verifier"/> (RFC 7636 section 4.2).</summary>
    public static string Challenge(string verifier) => Secrets.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>Whether <paramref name="verifier"/> is well formed and hashes to <paramref name="challenge"/>, compared in constant time.</summary>
    public static bool Matches(string? verifier, string challenge) =>
        IsValidVerifier(verifier) && Secrets.FixedTimeEquals(Challenge(verifier!), challenge);

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
