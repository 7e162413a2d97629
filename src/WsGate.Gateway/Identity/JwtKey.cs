using System.Security.Cryptography;

namespace WsGate.Identity;

/// <summary>A verification key with the one algorithm it may be used with.</summary>
public sealed class JwtKey
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;
    private readonly byte[]? _secret;

    private JwtKey(string? kid, string algorithm, RSA? rsa, ECDsa? ec, byte[]? secret)
    {
        Kid = kid;
        Algorithm = algorithm;
        _rsa = rsa;
        _ec = ec;
        _secret = secret;
    }

    public string? Kid { get; }

    public string Algorithm { get; }

    public static JwtKey Rsa(string? kid, RSA rsa) => new(kid, "RS256", rsa, null, null);

    public static JwtKey EcP256(string? kid, ECDsa ec) => new(kid, "ES256", null, ec, null);

    public static JwtKey Hmac(string? kid, byte[] secret) => new(kid, "HS256", null, null, secret);

    public bool Verify(byte[] data, byte[] signature)
    {
        if (_rsa is not null)
        {
            return _rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        if (_ec is not null)
        {
            // JWS ES256 signatures are r || s, 32 bytes each (RFC 7518 section 3.4), the IEEE P1363 format.
            return signature.Length == 64 && _ec.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        var expected = HMACSHA256.HashData(_secret!, data);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }
}
