using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WsGate.Configuration.Identity;

namespace WsGate.Identity;

/// <summary>
/// Verification keys per issuer: read once from a PEM file or HMAC secret, or fetched from a JWKS URL and refreshed
/// on its interval or when a token names an unknown <c>kid</c> (at most every 10 seconds, so bad tokens cannot make
/// WsGate hammer the issuer).
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
                { HmacSecret: { Length: > 0 } secret } => [JwtKey.Hmac(null, Encoding.UTF8.GetBytes(secret))],
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
            using var document = JsonDocument.Parse(await _http.GetStringAsync(url, cancellationToken));
            if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var result = new List<JwtKey>();
            foreach (var jwk in keys.EnumerateArray())
            {
                if (ParseJwk(jwk) is { } key)
                {
                    result.Add(key);
                }
            }

            return result;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException or FormatException or CryptographicException)
        {
            // Keep the keys we had: an issuer that is briefly unreachable must not lock every client out.
            return null;
        }
    }

    private static JwtKey? ParseJwk(JsonElement jwk)
    {
        string? Get(string name) => jwk.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var kid = Get("kid");
        if (Get("use") is { } use && use != "sig")
        {
            return null;
        }

        switch (Get("kty"))
        {
            case "RSA" when Get("n") is { } n && Get("e") is { } e:
                var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters { Modulus = JwtValidator.Base64UrlDecode(n), Exponent = JwtValidator.Base64UrlDecode(e) });
                return JwtKey.Rsa(kid, rsa);
            case "EC" when Get("crv") == "P-256" && Get("x") is { } x && Get("y") is { } y:
                var ec = ECDsa.Create(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = JwtValidator.Base64UrlDecode(x), Y = JwtValidator.Base64UrlDecode(y) },
                });
                return JwtKey.EcP256(kid, ec);
            case "oct" when Get("k") is { } k:
                return JwtKey.Hmac(kid, JwtValidator.Base64UrlDecode(k));
            default:
                return null;
        }
    }

    /// <summary>An EC P-256 public key means ES256, anything else must be an RSA public key (RS256).</summary>
    private static JwtKey FromPem(string pem)
    {
        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            if (ec.KeySize == 256)
            {
                return JwtKey.EcP256(null, ec);
            }

            ec.Dispose();
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return JwtKey.Rsa(null, rsa);
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public IReadOnlyList<JwtKey>? Keys { get; set; }

        public DateTimeOffset LoadedAt { get; set; }
    }
}
