using WsGate.Configuration.Secrets;

namespace WsGate.Configuration.Identity;

/// <summary>
/// An external token issuer whose signed JWTs (RS256, ES256 or HS256) WsGate accepts. Keys come from a PEM public key
/// file, an HMAC secret, or a JWKS URL. Encrypted (JWE) and unsigned (<c>alg: none</c>) tokens are always refused.
/// </summary>
public sealed record JwtIssuerConfig
{
    public string Name { get; init; } = "";

    /// <summary>The <c>iss</c> claim tokens must carry.</summary>
    public string Issuer { get; init; } = "";

    /// <summary>An <c>aud</c> value tokens must carry; none means the audience is not checked.</summary>
    public string? Audience { get; init; }

    /// <summary>PEM file with an RSA or EC (P-256) public key.</summary>
    public string? PublicKeyFile { get; init; }

    /// <summary>Shared secret for HS256, at least 32 bytes of UTF-8.</summary>
    [Secret]
    public string? HmacSecret { get; init; }

    /// <summary>URL of a JSON Web Key Set; keys are chosen by <c>kid</c> and refreshed on an unknown <c>kid</c>.</summary>
    public string? JwksUrl { get; init; }

    public int JwksRefreshSeconds { get; init; } = 300;

    public int ClockSkewSeconds { get; init; } = 60;

    /// <summary>The claim naming the user.</summary>
    public string UserClaim { get; init; } = "sub";

    /// <summary>The claim listing the user's groups (an array, or a space-separated string).</summary>
    public string GroupsClaim { get; init; } = "groups";
}
