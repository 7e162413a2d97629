using Microsoft.IdentityModel.Tokens;

namespace WsGate.Identity;

/// <summary>
/// A verification key with the one algorithm it may be used with, fixed by the key's type (RSA: RS256, EC P-256:
/// ES256, a shared secret: HS256), so a token cannot pick a weaker one (the alg-confusion attack).
/// </summary>
public sealed record JwtKey(string? Kid, string Algorithm, SecurityKey Key)
{
    public static JwtKey Rsa(string? kid, SecurityKey key) => new(kid, SecurityAlgorithms.RsaSha256, key);

    public static JwtKey EcP256(string? kid, SecurityKey key) => new(kid, SecurityAlgorithms.EcdsaSha256, key);

    public static JwtKey Hmac(string? kid, SecurityKey key) => new(kid, SecurityAlgorithms.HmacSha256, key);
}
