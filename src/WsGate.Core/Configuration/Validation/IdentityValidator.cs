using System.Text;
using WsGate.Configuration.Identity;

namespace WsGate.Configuration.Validation;

public static class IdentityValidator
{
    public static void Validate(IdentityConfig identity, ErrorSink errors)
    {
        if (identity.AccessTokenLifetimeSeconds is < 1 or > 31_536_000)
        {
            errors.Add("accessTokenLifetimeSeconds", "must be from 1 to 31536000 (a year)");
        }

        if (identity.RefreshTokenLifetimeSeconds is < 60 or > 31_536_000)
        {
            errors.Add("refreshTokenLifetimeSeconds", "must be from 60 to 31536000 (a year)");
        }

        if (identity.AuthorizationCodeLifetimeSeconds is < 1 or > 600)
        {
            errors.Add("authorizationCodeLifetimeSeconds", "must be from 1 to 600 (RFC 6749 section 4.1.2: at most 10 minutes)");
        }

        if (identity.RevalidationGraceMs is < 0 or > 3_600_000)
        {
            errors.Add("revalidationGraceMs", "must be from 0 to 3600000");
        }

        var lockout = errors.At("lockout");
        if (identity.Lockout.MaxFailures < 0)
        {
            lockout.Add("maxFailures", "must be 0 (off) or positive");
        }

        if (identity.Lockout.WindowSeconds < 1)
        {
            lockout.Add("windowSeconds", "must be positive");
        }

        if (identity.Lockout.LockoutSeconds < 1)
        {
            lockout.Add("lockoutSeconds", "must be positive");
        }

        if (identity.Lockout.FailureDelayMs is < 0 or > 10_000)
        {
            lockout.Add("failureDelayMs", "must be from 0 to 10000");
        }

        if (identity.Lockout.MaxDelayMs is < 0 or > 60_000)
        {
            lockout.Add("maxDelayMs", "must be from 0 to 60000");
        }
        else if (identity.Lockout.MaxDelayMs < identity.Lockout.FailureDelayMs)
        {
            lockout.Add("maxDelayMs", "must not be less than failureDelayMs");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < identity.JwtIssuers.Count; i++)
        {
            var issuer = identity.JwtIssuers[i];
            var at = errors.At($"jwtIssuers[{i}]");
            if (!Identifiers.IsValidAlias(issuer.Name))
            {
                at.Add("name", Identifiers.AliasRule);
            }
            else if (!names.Add(issuer.Name))
            {
                at.Add("name", $"another issuer is named '{issuer.Name}'");
            }

            if (string.IsNullOrWhiteSpace(issuer.Issuer))
            {
                at.Add("issuer", "the iss value tokens must carry is required");
            }

            var sources = new[] { issuer.PublicKeyFile, issuer.HmacSecret, issuer.JwksUrl }.Count(s => !string.IsNullOrEmpty(s));
            if (sources != 1)
            {
                at.Add("publicKeyFile", "give exactly one of publicKeyFile, hmacSecret or jwksUrl");
            }

            if (issuer.PublicKeyFile is { Length: > 0 } file && !File.Exists(file))
            {
                at.Add("publicKeyFile", $"{file}: file not found");
            }

            if (issuer.HmacSecret is { Length: > 0 } secret && Encoding.UTF8.GetByteCount(secret) < 32)
            {
                at.Add("hmacSecret", "must be at least 32 bytes for HS256");
            }

            if (issuer.JwksUrl is { Length: > 0 } url
                && !HttpNames.IsHttpUrl(url, out _))
            {
                at.Add("jwksUrl", "must be an http or https URL");
            }

            if (issuer.JwksRefreshSeconds < 10)
            {
                at.Add("jwksRefreshSeconds", "must be at least 10");
            }

            if (issuer.ClockSkewSeconds is < 0 or > 3600)
            {
                at.Add("clockSkewSeconds", "must be from 0 to 3600");
            }

            if (string.IsNullOrWhiteSpace(issuer.UserClaim))
            {
                at.Add("userClaim", "is required");
            }
        }
    }
}
