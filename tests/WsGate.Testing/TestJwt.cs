using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace WsGate.Testing;

/// <summary>Builds compact JWS tokens for tests, including deliberately broken ones.</summary>
public static class TestJwt
{
    public static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));

    public static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>header.payload.signature, the signature made by <paramref name="sign"/> over the first two parts.</summary>
    public static string Create(object header, object payload, Func<byte[], byte[]> sign)
    {
        var signingInput = Base64Url(Json(header)) + "." + Base64Url(Json(payload));
        return signingInput + "." + Base64Url(sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    public static string Hs256(string secret, object payload, string? kid = null) =>
        Create(kid is null ? new { alg = "HS256", typ = "JWT" } : new { alg = "HS256", typ = "JWT", kid }, payload, data => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    public static string Rs256(RSA key, object payload, string? kid = null) =>
        Create(kid is null ? new { alg = "RS256", typ = "JWT" } : new { alg = "RS256", typ = "JWT", kid }, payload, data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Es256(ECDsa key, object payload, string? kid = null) =>
        Create(kid is null ? new { alg = "ES256", typ = "JWT" } : new { alg = "ES256", typ = "JWT", kid }, payload, data => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
}
