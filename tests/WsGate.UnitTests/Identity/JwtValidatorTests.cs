using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WsGate.Configuration.Identity;
using WsGate.Identity;
using WsGate.Testing;

namespace WsGate.UnitTests.Identity;

public sealed class JwtValidatorTests : IDisposable
{
    private const string Secret = "an-hs256-secret-that-is-long-enough-0123456789";
    private const string Iss = "https://issuer.test";
    private static readonly JwtIssuerConfig Hmac = new() { Name = "hmac", Issuer = Iss, Audience = "wsgate", HmacSecret = Secret, ClockSkewSeconds = 60 };
    private readonly ManualTimeProvider _time = new();
    private readonly JwksCache _jwks;
    private readonly JwtValidator _validator;
    private readonly TempFolder _folder = new();

    public JwtValidatorTests()
    {
        _jwks = new JwksCache(null, _time);
        _validator = new JwtValidator(_jwks, _time);
    }

    public void Dispose()
    {
        _jwks.Dispose();
        _folder.Dispose();
    }

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    private object Claims(long? exp = null, long? nbf = null, string iss = Iss, string aud = "wsgate") =>
        nbf is null ? new { iss, aud, sub = "ann", exp = exp ?? Now + 300, groups = new[] { "ops" } } : new { iss, aud, sub = "ann", exp = exp ?? Now + 300, nbf, groups = new[] { "ops" } };

    [Fact]
    public async Task Validate_Rs256WithPemFile_AcceptsAndReadsClaims()
    {
        using var rsa = RSA.Create(2048);
        var issuer = Pem("rsa.pem", rsa.ExportSubjectPublicKeyInfoPem());

        var result = await _validator.ValidateAsync(TestJwt.Rs256(rsa, Claims()), issuer, CancellationToken.None);

        Assert.Null(result.Failure);
        Assert.Equal("ann", result.Principal!.Username);
        Assert.Equal(["ops"], result.Principal.Groups);
    }

    [Fact]
    public async Task Validate_Es256WithPemFile_Accepts()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuer = Pem("ec.pem", ec.ExportSubjectPublicKeyInfoPem());

        var result = await _validator.ValidateAsync(TestJwt.Es256(ec, Claims()), issuer, CancellationToken.None);

        Assert.Null(result.Failure);
    }

    [Fact]
    public async Task Validate_Hs256Secret_Accepts()
    {
        var result = await _validator.ValidateAsync(TestJwt.Hs256(Secret, Claims()), Hmac, CancellationToken.None);

        Assert.Null(result.Failure);
    }

    [Fact]
    public async Task Validate_JwksByKidAndRotatedKey_FoundAfterRefresh()
    {
        using var first = RSA.Create(2048);
        using var rotated = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var keys = new List<(string Kid, RSA Key)> { ("k0", other), ("k1", first) };
        await using var app = await StartJwksAsync(() => keys);
        var issuer = new JwtIssuerConfig { Name = "jwks", Issuer = Iss, Audience = "wsgate", JwksUrl = app.Urls.First() + "/jwks", JwksRefreshSeconds = 3600 };

        var byKid = await _validator.ValidateAsync(TestJwt.Rs256(first, Claims(), "k1"), issuer, CancellationToken.None);
        keys.Add(("k2", rotated));
        var tooSoon = await _validator.ValidateAsync(TestJwt.Rs256(rotated, Claims(), "k2"), issuer, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(11));
        var afterRefresh = await _validator.ValidateAsync(TestJwt.Rs256(rotated, Claims(), "k2"), issuer, CancellationToken.None);

        Assert.Null(byKid.Failure);
        Assert.Equal("unknown_key", tooSoon.Failure?.Code);
        Assert.Null(afterRefresh.Failure);
    }

    [Fact]
    public async Task Validate_AlgNone_RefusedAlgNone()
    {
        var token = TestJwt.Base64Url("{\"alg\":\"none\"}") + "." + TestJwt.Base64Url(TestJwt.Json(Claims())) + ".";

        Assert.Equal("alg_none", await CodeAsync(token));
    }

    [Fact]
    public async Task Validate_FivePartJwe_RefusedJweNotSupported() =>
        Assert.Equal("jwe_not_supported", await CodeAsync("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d"));

    [Fact]
    public async Task Validate_TamperedPayload_RefusedInvalidSignature()
    {
        var parts = TestJwt.Hs256(Secret, Claims()).Split('.');
        var tampered = parts[0] + "." + TestJwt.Base64Url(TestJwt.Json(new { iss = Iss, aud = "wsgate", sub = "root", exp = Now + 300 })) + "." + parts[2];

        Assert.Equal("invalid_signature", await CodeAsync(tampered));
    }

    [Fact]
    public async Task Validate_WrongSecret_RefusedInvalidSignature() =>
        Assert.Equal("invalid_signature", await CodeAsync(TestJwt.Hs256("another-secret-that-is-long-enough-987654321", Claims())));

    [Fact]
    public async Task Validate_WrongIssuer_RefusedWrongIssuer() =>
        Assert.Equal("wrong_issuer", await CodeAsync(TestJwt.Hs256(Secret, Claims(iss: "https://evil.test"))));

    [Fact]
    public async Task Validate_WrongAudience_RefusedWrongAudience() =>
        Assert.Equal("wrong_audience", await CodeAsync(TestJwt.Hs256(Secret, Claims(aud: "someone-else"))));

    [Fact]
    public async Task Validate_ExpiredBeyondSkew_RefusedTokenExpired() =>
        Assert.Equal("token_expired", await CodeAsync(TestJwt.Hs256(Secret, Claims(exp: Now - 61))));

    [Fact]
    public async Task Validate_ExpiredWithinSkew_Accepted() =>
        Assert.Null(await CodeAsync(TestJwt.Hs256(Secret, Claims(exp: Now - 30))));

    [Fact]
    public async Task Validate_NotBeforeInFuture_RefusedNotYetValid() =>
        Assert.Equal("token_not_yet_valid", await CodeAsync(TestJwt.Hs256(Secret, Claims(nbf: Now + 120))));

    [Fact]
    public async Task Validate_Hs256TokenForRs256Key_RefusedWrongAlgorithm()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportSubjectPublicKeyInfoPem();
        var issuer = Pem("confused.pem", pem);

        // The alg-confusion attack: the public key's PEM text used as the HMAC secret.
        var result = await _validator.ValidateAsync(TestJwt.Hs256(pem, Claims()), issuer, CancellationToken.None);

        Assert.Equal("wrong_algorithm", result.Failure?.Code);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not-base64url")]
    [InlineData("huge")]
    public async Task Validate_MalformedToken_RefusedWithReason(string shape)
    {
        var good = TestJwt.Hs256(Secret, Claims());
        var (token, code) = shape switch
        {
            "truncated" => (good[..good.LastIndexOf('.')], "malformed_token"),
            "not-base64url" => ("a+b/.c=d.e*f", "malformed_token"),
            _ => (good + new string('A', 20 * 1024), "token_too_large"),
        };

        Assert.Equal(code, await CodeAsync(token));
    }

    [Fact]
    public async Task Validate_CriticalHeaderExtension_RefusedUnsupportedHeader()
    {
        var token = TestJwt.Create(new { alg = "HS256", crit = new[] { "exp" } }, Claims(), data => System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Secret), data));

        Assert.Equal("unsupported_header", await CodeAsync(token));
    }

    [Fact]
    public async Task Validate_NoExpiry_RefusedMissingExpiry() =>
        Assert.Equal("missing_expiry", await CodeAsync(TestJwt.Hs256(Secret, new { iss = Iss, aud = "wsgate", sub = "ann" })));

    [Fact]
    public async Task Validate_GroupsAsSpaceSeparatedString_EachGroup()
    {
        var result = await _validator.ValidateAsync(TestJwt.Hs256(Secret, new { iss = Iss, aud = "wsgate", sub = "ann", exp = Now + 300, groups = "ops traders" }), Hmac, CancellationToken.None);

        Assert.Equal(["ops", "traders"], result.Principal!.Groups);
    }

    [Fact]
    public async Task Validate_RightKidWrongKey_RefusedInvalidSignature()
    {
        using var real = RSA.Create(2048);
        using var forger = RSA.Create(2048);
        await using var app = await StartJwksAsync(() => [("k1", real)]);
        var issuer = new JwtIssuerConfig { Name = "jwks", Issuer = Iss, Audience = "wsgate", JwksUrl = app.Urls.First() + "/jwks", JwksRefreshSeconds = 3600 };

        var result = await _validator.ValidateAsync(TestJwt.Rs256(forger, Claims(), "k1"), issuer, CancellationToken.None);

        Assert.Equal("invalid_signature", result.Failure?.Code);
    }

    private async Task<string?> CodeAsync(string token) => (await _validator.ValidateAsync(token, Hmac, CancellationToken.None)).Failure?.Code;

    private JwtIssuerConfig Pem(string name, string pem)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllText(path, pem);
        return new JwtIssuerConfig { Name = "pem", Issuer = Iss, Audience = "wsgate", PublicKeyFile = path };
    }

    private static async Task<WebApplication> StartJwksAsync(Func<List<(string Kid, RSA Key)>> keys)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/jwks", () => Results.Json(new
        {
            keys = keys().Select(k =>
            {
                var p = k.Key.ExportParameters(false);
                return new { kty = "RSA", use = "sig", kid = k.Kid, n = TestJwt.Base64Url(p.Modulus!), e = TestJwt.Base64Url(p.Exponent!) };
            }).ToArray(),
        }));
        await app.StartAsync();
        return app;
    }
}
