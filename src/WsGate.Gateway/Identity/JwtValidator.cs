using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WsGate.Configuration.Identity;

namespace WsGate.Identity;

/// <summary>
/// Validates signed JWTs (JWS compact form, RFC 7515/7519) from an external issuer: RS256, ES256 or HS256, with the
/// algorithm fixed by the key type so a token cannot pick a weaker one (the classic alg-confusion attack). Encrypted
/// tokens (JWE, five parts) and <c>alg: none</c> are refused before any claim is read.
/// </summary>
public sealed class JwtValidator(JwksCache jwks, TimeProvider time)
{
    private const int MaxTokenLength = 16 * 1024;

    public async Task<AuthResult> ValidateAsync(string token, JwtIssuerConfig issuer, CancellationToken cancellationToken)
    {
        if (token.Length > MaxTokenLength)
        {
            return AuthFailure.Unauthorized("token_too_large", $"the token is longer than {MaxTokenLength} characters");
        }

        var parts = token.Split('.');
        if (parts.Length == 5)
        {
            return AuthFailure.Unauthorized("jwe_not_supported", "encrypted tokens (JWE) are not accepted; send a signed JWT");
        }

        if (parts.Length != 3 || parts.Any(p => p.Length == 0 && parts[2] != p))
        {
            return AuthFailure.Unauthorized("malformed_token", "a JWT has three base64url parts separated by dots");
        }

        JsonElement header;
        JsonElement claims;
        byte[] signature;
        try
        {
            header = JsonDocument.Parse(Base64UrlDecode(parts[0])).RootElement.Clone();
            claims = JsonDocument.Parse(Base64UrlDecode(parts[1])).RootElement.Clone();
            signature = Base64UrlDecode(parts[2]);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return AuthFailure.Unauthorized("malformed_token", "the token's parts are not base64url JSON");
        }

        if (header.ValueKind != JsonValueKind.Object || claims.ValueKind != JsonValueKind.Object)
        {
            return AuthFailure.Unauthorized("malformed_token", "the token's header and payload must be JSON objects");
        }

        var alg = header.TryGetProperty("alg", out var algValue) && algValue.ValueKind == JsonValueKind.String ? algValue.GetString() : null;
        if (alg is null || alg.Equals("none", StringComparison.OrdinalIgnoreCase) || signature.Length == 0)
        {
            return AuthFailure.Unauthorized("alg_none", "unsigned tokens are not accepted");
        }

        if (header.TryGetProperty("crit", out _))
        {
            return AuthFailure.Unauthorized("unsupported_header", "tokens with critical header extensions are not accepted");
        }

        var kid = header.TryGetProperty("kid", out var kidValue) && kidValue.ValueKind == JsonValueKind.String ? kidValue.GetString() : null;
        var key = await jwks.FindKeyAsync(issuer, kid, cancellationToken);
        if (key is null)
        {
            return AuthFailure.Unauthorized("unknown_key", kid is null ? "no key of the issuer can verify this token" : $"the issuer has no key '{kid}'");
        }

        if (!string.Equals(alg, key.Algorithm, StringComparison.Ordinal))
        {
            return AuthFailure.Unauthorized("wrong_algorithm", $"the issuer's key signs with {key.Algorithm}, the token says {alg}");
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!key.Verify(signed, signature))
        {
            return AuthFailure.Unauthorized("invalid_signature", "the token's signature does not verify");
        }

        return CheckClaims(claims, issuer);
    }

    private AuthResult CheckClaims(JsonElement claims, JwtIssuerConfig issuer)
    {
        var now = time.GetUtcNow();
        var skew = TimeSpan.FromSeconds(issuer.ClockSkewSeconds);
        if (!claims.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String || iss.GetString() != issuer.Issuer)
        {
            return AuthFailure.Unauthorized("wrong_issuer", $"the token was not issued by {issuer.Issuer}");
        }

        if (issuer.Audience is not null && !HasAudience(claims, issuer.Audience))
        {
            return AuthFailure.Unauthorized("wrong_audience", $"the token is not meant for {issuer.Audience}");
        }

        if (!TryTime(claims, "exp", out var expires))
        {
            return AuthFailure.Unauthorized("missing_expiry", "the token has no exp claim");
        }

        if (expires + skew <= now)
        {
            return AuthFailure.Unauthorized("token_expired", "the token has expired");
        }

        if (TryTime(claims, "nbf", out var notBefore) && notBefore - skew > now)
        {
            return AuthFailure.Unauthorized("token_not_yet_valid", "the token is not valid yet");
        }

        if (!claims.TryGetProperty(issuer.UserClaim, out var user) || user.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(user.GetString()))
        {
            return AuthFailure.Unauthorized("missing_user", $"the token has no {issuer.UserClaim} claim");
        }

        var groups = claims.TryGetProperty(issuer.GroupsClaim, out var g)
            ? g.ValueKind switch
            {
                JsonValueKind.Array => g.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray(),
                JsonValueKind.String => g.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                _ => [],
            }
            : [];
        return AuthResult.Success(new ConnectionPrincipal(AuthMode.Jwt, user.GetString(), groups, ExpiresAt: expires + skew));
    }

    private static bool HasAudience(JsonElement claims, string audience) =>
        claims.TryGetProperty("aud", out var aud) && aud.ValueKind switch
        {
            JsonValueKind.String => aud.GetString() == audience,
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == audience),
            _ => false,
        };

    private static bool TryTime(JsonElement claims, string name, out DateTimeOffset value)
    {
        value = default;
        if (!claims.TryGetProperty(name, out var claim) || claim.ValueKind != JsonValueKind.Number || !claim.TryGetInt64(out var seconds)
            || seconds is < 0 or > 253_402_300_799)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    public static byte[] Base64UrlDecode(string text)
    {
        if (text.Contains('=', StringComparison.Ordinal) || text.Contains('+', StringComparison.Ordinal) || text.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException("not base64url");
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException("bad base64url length") };
        return Convert.FromBase64String(padded);
    }
}
