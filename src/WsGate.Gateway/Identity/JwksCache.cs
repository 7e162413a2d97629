using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using WsGate.Configuration.Identity;

namespace WsGate.Identity;

/// <summary>
/// Verification keys per issuer: read once from a PEM file or HMAC secret, or fetched from a JWKS URL and refreshed
/// on its interval or when a token names an unknown <c>kid</c> (at most every 10 seconds, so bad tokens cannot make
/// WsGate hammer the issuer). JWK documents are parsed by Microsoft.IdentityModel's <see cref="JsonWebKeySet"/>.
/// </summary>
public sealed class JwksCache(IHttpClientFactory? httpFactory, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan MinRefresh = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<JwtIssuerConfig, Entry> _entries = new();
    private readonly HttpClient _http = httpFactory?.CreateClient("wsgate-jwks") ?? new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<JwtKey?> FindKeyAsync(JwtIssuerConfig issuer, string? kid, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(issuer, _ => new Entry());
        var now = time.GetUtcNow();
        if (entry.Keys is null || (issuer.JwksUrl is not null && now - entry.LoadedAt > TimeSpan.FromSeconds(issuer.JwksRefreshSeconds)))
        {
            await LoadAsync(issuer, entry, cancellationToken);
        }

        var key = Pick(entry.Keys, kid);
        if (key is null && issuer.JwksUrl is not null && kid is not null && time.GetUtcNow() - entry.LoadedAt > MinRefresh)
        {
            await LoadAsync(issuer, entry, cancellationToken);
            key = Pick(entry.Keys, kid);
        }

        return key;
    }

    public void Dispose() => _http.Dispose();

    private static JwtKey? Pick(IReadOnlyList<JwtKey>? keys, string? kid)
    {
        if (keys is null || keys.Count == 0)
        {
            return null;
        }

        return kid is null ? (keys.Count == 1 ? keys[0] : null) : keys.FirstOrDefault(k => k.Kid == kid) ?? (keys.Count == 1 && keys[0].Kid is null ? keys[0] : null);
    }

    private async Task LoadAsync(JwtIssuerConfig issuer, Entry entry, CancellationToken cancellationToken)
    {
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            entry.Keys = issuer switch
            {
                { HmacSecret: { Length: > 0 } secret } => [JwtKey.Hmac(null, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)))],
                { PublicKeyFile: { Length: > 0 } file } => [FromPem(await File.ReadAllTextAsync(file, cancellationToken))],
                { JwksUrl: { Length: > 0 } url } => await FetchAsync(url, cancellationToken) ?? entry.Keys,
                _ => [],
            };
            entry.LoadedAt = time.GetUtcNow();
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<IReadOnlyList<JwtKey>?> FetchAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            var set = JsonWebKeySet.Create(await _http.GetStringAsync(url, cancellationToken));
            return set.Keys.Select(FromJwk).OfType<JwtKey>().ToList();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException)
        {
            // Keep the keys we had: an issuer that is briefly unreachable (or serves a broken document) must not lock
            // every client out. JsonWebKeySet reports a document it cannot read as an ArgumentException.
            return null;
        }
    }

    /// <summary>Signing keys only (no <c>use</c>, or <c>sig</c>), of the three types WsGate accepts.</summary>
    private static JwtKey? FromJwk(JsonWebKey jwk)
    {
        if (jwk.Use is { Length: > 0 } use && use != JsonWebKeyUseNames.Sig)
        {
            return null;
        }

        return jwk.Kty switch
        {
            JsonWebAlgorithmsKeyTypes.RSA when jwk.N is { Length: > 0 } && jwk.E is { Length: > 0 } => JwtKey.Rsa(jwk.Kid, jwk),
            JsonWebAlgorithmsKeyTypes.EllipticCurve when jwk.Crv == JsonWebKeyECTypes.P256 && jwk.X is { Length: > 0 } && jwk.Y is { Length: > 0 } => JwtKey.EcP256(jwk.Kid, jwk),
            JsonWebAlgorithmsKeyTypes.Octet when jwk.K is { Length: > 0 } => JwtKey.Hmac(jwk.Kid, jwk),
            _ => null,
        };
    }

    /// <summary>An EC P-256 public key means ES256, anything else must be an RSA public key (RS256).</summary>
    private static JwtKey FromPem(string pem)
    {
#pragma warning disable CA2000 // The key is kept by the security key the cache holds for as long as the key set is current; an EC key not used is disposed below.
        var ec = ECDsa.Create();
#pragma warning restore CA2000
        try
        {
            ec.ImportFromPem(pem);
            if (ec.KeySize == 256)
            {
                return JwtKey.EcP256(null, new ECDsaSecurityKey(ec));
            }
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // Not an EC key: read it as RSA below.
        }

        ec.Dispose();
#pragma warning disable CA2000 // Kept by the RsaSecurityKey the cache holds for as long as the key set is current.
        var rsa = RSA.Create();
#pragma warning restore CA2000
        rsa.ImportFromPem(pem);
        return JwtKey.Rsa(null, new RsaSecurityKey(rsa));
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public IReadOnlyList<JwtKey>? Keys { get; set; }

        public DateTimeOffset LoadedAt { get; set; }
    }
}
