using Microsoft.AspNetCore.Http;
using WsGate.Admission;

namespace WsGate.UnitTests.Admission;

public sealed class HandshakeStepTests
{
    private static async Task<HandshakeRejection?> AdmitAsync(Action<HttpRequest>? change = null)
    {
        using var context = Admissions.ForApi(Admissions.Api(), change);
        return await new HandshakeStep().AdmitAsync(context);
    }

    [Fact]
    public async Task AdmitAsync_WellFormedHandshake_Admitted()
    {
        Assert.Null(await AdmitAsync());
    }

    [Fact]
    public async Task AdmitAsync_BuiltInEndpoint_CheckedToo()
    {
        using var context = Admissions.ForEndpoint(r => r.Headers.SecWebSocketKey = "");

        Assert.Equal(400, (await new HandshakeStep().AdmitAsync(context))!.Status);
    }

    [Fact]
    public async Task AdmitAsync_NotGet_405AllowingGet()
    {
        var rejection = await AdmitAsync(r => r.Method = "POST");

        Assert.Equal(405, rejection!.Status);
        Assert.Equal("GET", rejection.Headers!["Allow"]);
    }

    [Fact]
    public async Task AdmitAsync_OtherVersion_426NamingVersion13()
    {
        var rejection = await AdmitAsync(r => r.Headers.SecWebSocketVersion = "8");

        Assert.Equal(426, rejection!.Status);
        Assert.Equal("13", rejection.Headers!["Sec-WebSocket-Version"]);
    }

    [Fact]
    public async Task AdmitAsync_NoVersion_426()
    {
        Assert.Equal(426, (await AdmitAsync(r => r.Headers.Remove("Sec-WebSocket-Version")))!.Status);
    }

    [Fact]
    public async Task AdmitAsync_NoKey_400NamingTheKey()
    {
        var rejection = await AdmitAsync(r => r.Headers.Remove("Sec-WebSocket-Key"));

        Assert.Equal(400, rejection!.Status);
        Assert.Contains("Sec-WebSocket-Key", rejection.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keep-alive")]
    [InlineData("")]
    public async Task AdmitAsync_ConnectionWithoutUpgrade_400(string connection)
    {
        var rejection = await AdmitAsync(r => r.Headers.Connection = connection);

        Assert.Equal(400, rejection!.Status);
        Assert.Contains("Connection", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitAsync_ConnectionTokensInAnyCase_Admitted()
    {
        Assert.Null(await AdmitAsync(r => r.Headers.Connection = "keep-alive, UPGRADE"));
    }
}
