using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WsGate.Identity;

/// <summary>
/// PBKDF2-SHA256 password hashes in the form <c>pbkdf2-sha256$iterations$salt$hash</c> (base64). The iteration count follows
/// OWASP's 2023 guidance for PBKDF2-HMAC-SHA256; it is stored with each hash so it can be raised later.
/// </summary>
public static class PasswordHasher
{
    public const int DefaultIterations = 600_000;

    /// <summary>A stored hash claiming more rounds than this is refused, so a damaged or forged row cannot pin a CPU.</summary>
    public const int MaxIterations = 10_000_000;
    private const int SaltSize = 16;
    private const int HashSize = 32;
    private const string Scheme = "pbkdf2-sha256";

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > MaxIterations)
        {
            return false;
        }

        byte[] salt;
        byte[] expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        // An empty hash derives an empty key that "matches" any password, and a short one is easy to guess:
        // this scheme always stores HashSize bytes, so anything else is a damaged or forged entry.
        if (expected.Length != HashSize)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A random password of URL-safe characters, for the first admin user.</summary>
    public static string GeneratePassword(int length = 20)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }
}
