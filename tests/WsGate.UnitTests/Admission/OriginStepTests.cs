using WsGate.Admission;
using WsGate.Routing;

namespace WsGate.UnitTests.Admission;

public sealed class OriginStepTests
{
    private static ApiRuntime Api(params string[] allowed) =>
        Admissions.Api(Admissions.Chat with { Policies = new() { AllowedOrigins = allowed } });

    private static async Task<HandshakeRejection?> AdmitAsync(ApiRuntime api, string? origin)
    {
        using var context = Admissions.ForApi(api, r =>
        {
            if (origin is not null)
            {
                r.Headers.Origin = origin;
            }
        });
        return await new OriginStep().AdmitAsync(context);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://anyone.example")]
    public async Task AdmitAsync_NoAllowlist_AnyOriginOrNoneAdmitted(string? origin)
    {
        Assert.Null(await AdmitAsync(Api(), origin));
    }

    [Theory]
    [InlineData("https://app.example")]
    [InlineData("https://other.example")]
    [InlineData("HTTPS://App.Example")]
    public async Task AdmitAsync_OriginOnTheList_Admitted(string origin)
    {
        Assert.Null(await AdmitAsync(Api("https://app.example", "https://other.example"), origin));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://app.example")]
    [InlineData("https://app.example:8443")]
    [InlineData("https://app.example.evil.example")]
    [InlineData("null")]
    public async Task AdmitAsync_OriginNotOnTheList_403NamingIt(string origin)
    {
        var rejection = await AdmitAsync(Api("https://app.example"), origin);

        Assert.Equal(403, rejection!.Status);
        Assert.Equal("Origin not allowed", rejection.Title);
        Assert.Contains($"'{origin}'", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitAsync_NoOriginWithAnAllowlist_403AskingForOne()
    {
        var rejection = await AdmitAsync(Api("https://app.example"), origin: null);

        Assert.Equal(403, rejection!.Status);
        Assert.Contains("requires an Origin header", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitAsync_OpaqueOriginAllowed_NullOriginAdmitted()
    {
        // Sandboxed frames and file: pages send "Origin: null"; an allowlist may name it.
        Assert.Null(await AdmitAsync(Api("null"), "null"));
    }

    [Fact]
    public async Task AdmitAsync_BuiltInEndpoint_NotChecked()
    {
        using var context = Admissions.ForEndpoint(r => r.Headers.Origin = "https://evil.example");

        Assert.Null(await new OriginStep().AdmitAsync(context));
    }
}
