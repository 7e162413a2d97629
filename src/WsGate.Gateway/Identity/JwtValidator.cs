using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WsGate.Configuration.Identity;

namespace WsGate.Identity;

/// <summary>
/// Validates signed JWTs (JWS compact form, RFC 7515/7519) from an external issuer with Microsoft.IdentityModel's
/// <see cref="JsonWebTokenHandler"/>: parsing, the signature, the algorithm, the issuer and the audience are the
/// library's. WsGate adds what the library leaves to its caller: the one key and algorithm the issuer's key allows,
/// refusing encrypted tokens (JWE) and <c>alg: none</c> before any claim is read, and the lifetime checked against the
/// injected clock (the library reads the system clock), with a reason code per refusal for the client and the logs.
/// </summary>
public sealed class JwtValidator(JwksCache jwks, TimeProvider time)
{
    private const int MaxTokenLength = 16 * 1024;
    private static readonly JsonWebTokenHandler Handler = new() { MaximumTokenSizeInBytes = MaxTokenLength, MapInboundClaims = false };

    public async Task<AuthResult> ValidateAsync(string token, JwtIssuerConfig issuer, CancellationToken cancellationToken)
    {
        if (token.Length > MaxTokenLength)
        {
            return AuthFailure.Unauthorized("token_too_large", $"the token is longer than {MaxTokenLength} characters");
        }

        if (token.Count(c => c == '.') == 4)
        {
            return AuthFailure.Unauthorized("jwe_not_supported", "encrypted tokens (JWE) are not accepted; send a signed JWT");
        }

        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException or JsonException)
        {
            return AuthFailure.Unauthorized("malformed_token", "a JWT has three base64url JSON parts separated by dots");
        }

        if (string.IsNullOrEmpty(jwt.Alg) || jwt.Alg.Equals("none", StringComparison.OrdinalIgnoreCase) || jwt.EncodedSignature.Length == 0)
        {
            return AuthFailure.Unauthorized("alg_none", "unsigned tokens are not accepted");
        }

        if (jwt.TryGetHeaderValue<object>("crit", out _))
        {
            return AuthFailure.Unauthorized("unsupported_header", "tokens with critical header extensions are not accepted");
        }

        var kid = string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid;
        var key = await jwks.FindKeyAsync(issuer, kid, cancellationToken);
        if (key is null)
        {
            return AuthFailure.Unauthorized("unknown_key", kid is null ? "no key of the issuer can verify this token" : $"the issuer has no key '{kid}'");
        }

        if (!string.Equals(jwt.Alg, key.Algorithm, StringComparison.Ordinal))
        {
            return AuthFailure.Unauthorized("wrong_algorithm", $"the issuer's key signs with {key.Algorithm}, the token says {jwt.Alg}");
        }

        var result = await Handler.ValidateTokenAsync(jwt, Parameters(issuer, key));
        if (!result.IsValid)
        {
            return Refusal(result.Exception, issuer);
        }

        return CheckLifetimeAndUser(jwt, issuer);
    }

    private static TokenValidationParameters Parameters(JwtIssuerConfig issuer, JwtKey key) => new()
    {
        // The one key chosen above (by kid, or the issuer's only key): "all" is that key, whether or not the token names it.
        IssuerSigningKey = key.Key,
        TryAllIssuerSigningKeys = true,
        ValidAlgorithms = [key.Algorithm],
        RequireSignedTokens = true,
        ValidIssuer = issuer.Issuer,
        ValidateIssuer = true,
        ValidAudience = issuer.Audience,
        ValidateAudience = issuer.Audience is not null,
        ValidateLifetime = false,
        ValidateIssuerSigningKey = false,
    };

    private static AuthFailure Refusal(Exception? exception, JwtIssuerConfig issuer) => exception switch
    {
        SecurityTokenInvalidIssuerException => AuthFailure.Unauthorized("wrong_issuer", $"the token was not issued by {issuer.Issuer}"),
        SecurityTokenInvalidAudienceException => AuthFailure.Unauthorized("wrong_audience", $"the token is not meant for {issuer.Audience}"),
        SecurityTokenInvalidAlgorithmException => AuthFailure.Unauthorized("wrong_algorithm", "the token's algorithm is not the one the issuer's key signs with"),
        SecurityTokenMalformedException or ArgumentException => AuthFailure.Unauthorized("malformed_token", "a JWT has three base64url JSON parts separated by dots"),
        // The key was chosen above, so "no key verified it" (SecurityTokenSignatureKeyNotFoundException) means that key did not.
        _ => AuthFailure.Unauthorized("invalid_signature", "the token's signature does not verify"),
    };

    private AuthResult CheckLifetimeAndUser(JsonWebToken jwt, JwtIssuerConfig issuer)
    {
        var now = time.GetUtcNow();
        var skew = TimeSpan.FromSeconds(issuer.ClockSkewSeconds);
        if (!TryTime(jwt, JwtRegisteredClaimNames.Exp, out var expires))
        {
            return AuthFailure.Unauthorized("missing_expiry", "the token has no exp claim");
        }

        if (expires + skew <= now)
        {
            return AuthFailure.Unauthorized("token_expired", "the token has expired");
        }

        if (TryTime(jwt, JwtRegisteredClaimNames.Nbf, out var notBefore) && notBefore - skew > now)
        {
            return AuthFailure.Unauthorized("token_not_yet_valid", "the token is not valid yet");
        }

        if (!jwt.TryGetPayloadValue<string>(issuer.UserClaim, out var user) || string.IsNullOrEmpty(user))
        {
            return AuthFailure.Unauthorized("missing_user", $"the token has no {issuer.UserClaim} claim");
        }

        return AuthResult.Success(new ConnectionPrincipal(AuthMode.Jwt, user, Groups(jwt, issuer.GroupsClaim), ExpiresAt: expires + skew));
    }

    /// <summary>
    /// The groups claim as a JSON array of strings (one claim per element) or one space-separated string (the OAuth2
    /// <c>scope</c> form).
    /// </summary>
    private static string[] Groups(JsonWebToken jwt, string claim)
    {
        var values = jwt.Claims.Where(c => c.Type == claim).Select(c => c.Value).Where(v => v.Length > 0).ToList();
        return values.Count == 1 ? values[0].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [.. values];
    }

    private static bool TryTime(JsonWebToken jwt, string name, out DateTimeOffset value)
    {
        value = default;
        if (!jwt.TryGetPayloadValue<long>(name, out var seconds) || seconds is < 0 or > 253_402_300_799)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }
}
