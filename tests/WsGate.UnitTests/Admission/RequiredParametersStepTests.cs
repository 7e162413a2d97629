using Microsoft.AspNetCore.Http;
using WsGate.Admission;

namespace WsGate.UnitTests.Admission;

public sealed class RequiredParametersStepTests
{
    private static async Task<HandshakeRejection?> AdmitAsync(Action<HttpRequest> change, string[]? headers = null, string[]? query = null)
    {
        var api = Admissions.Api(Admissions.Chat with { Policies = new() { RequiredHeaders = headers ?? [], RequiredQuery = query ?? [] } });
        using var context = Admissions.ForApi(api, change);
        return await new RequiredParametersStep().AdmitAsync(context);
    }

    [Fact]
    public async Task AdmitAsync_NothingRequired_Admitted()
    {
        Assert.Null(await AdmitAsync(_ => { }));
    }

    [Fact]
    public async Task AdmitAsync_EveryHeaderAndParameterPresent_Admitted()
    {
        var rejection = await AdmitAsync(
            r =>
            {
                r.Headers["X-Tenant"] = "acme";
                r.Headers["X-Device"] = "42";
                r.QueryString = new QueryString("?room=5&token=abc");
            },
            headers: ["X-Tenant", "X-Device"],
            query: ["room", "token"]);

        Assert.Null(rejection);
    }

    [Fact]
    public async Task AdmitAsync_HeaderNameInOtherCase_Admitted()
    {
        Assert.Null(await AdmitAsync(r => r.Headers["x-tenant"] = "acme", headers: ["X-Tenant"]));
    }

    [Fact]
    public async Task AdmitAsync_HeaderMissing_400NamingIt()
    {
        var rejection = await AdmitAsync(r => r.Headers["X-Tenant"] = "acme", headers: ["X-Tenant", "X-Device"]);

        Assert.Equal(400, rejection!.Status);
        Assert.Equal("Missing required parameter", rejection.Title);
        Assert.Equal("the header 'X-Device' is required", rejection.Detail);
    }

    [Fact]
    public async Task AdmitAsync_HeaderPresentButEmpty_400()
    {
        var rejection = await AdmitAsync(r => r.Headers["X-Tenant"] = "", headers: ["X-Tenant"]);

        Assert.Equal("the header 'X-Tenant' is required", rejection!.Detail);
    }

    [Fact]
    public async Task AdmitAsync_QueryParameterMissing_400NamingIt()
    {
        var rejection = await AdmitAsync(r => r.QueryString = new QueryString("?room=5"), query: ["room", "token"]);

        Assert.Equal(400, rejection!.Status);
        Assert.Equal("the query parameter 'token' is required", rejection.Detail);
    }

    [Theory]
    [InlineData("?token")]
    [InlineData("?token=")]
    public async Task AdmitAsync_QueryParameterWithoutValue_400(string query)
    {
        var rejection = await AdmitAsync(r => r.QueryString = new QueryString(query), query: ["token"]);

        Assert.Equal("the query parameter 'token' is required", rejection!.Detail);
    }

    [Fact]
    public async Task AdmitAsync_HeaderAndQueryMissing_HeaderNamed()
    {
        var rejection = await AdmitAsync(_ => { }, headers: ["X-Tenant"], query: ["token"]);

        Assert.Equal("the header 'X-Tenant' is required", rejection!.Detail);
    }

    [Fact]
    public async Task AdmitAsync_QueryParameterGivenAsHeader_400()
    {
        var rejection = await AdmitAsync(r => r.Headers["token"] = "abc", query: ["token"]);

        Assert.Equal("the query parameter 'token' is required", rejection!.Detail);
    }

    [Fact]
    public async Task AdmitAsync_BuiltInEndpoint_NothingRequired()
    {
        using var context = Admissions.ForEndpoint();

        Assert.Null(await new RequiredParametersStep().AdmitAsync(context));
    }
}
