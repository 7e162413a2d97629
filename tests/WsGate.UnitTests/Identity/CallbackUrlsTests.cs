using WsGate.Identity;

namespace WsGate.UnitTests.Identity;

public sealed class CallbackUrlsTests
{
    [Theory]
    [InlineData("https://app.example.com/cb")]
    [InlineData("https://app.example.com:8443/oauth/callback?tenant=1")]
    [InlineData("http://127.0.0.1:5000/cb")]
    [InlineData("http://127.8.9.10/cb")]
    [InlineData("http://[::1]:7000/cb")]
    [InlineData("http://localhost:3000/cb")]
    public void Problem_HttpsOrLoopbackHttp_IsNone(string url) => Assert.Null(CallbackUrls.Problem(url));

    [Theory]
    [InlineData("http://app.example.com/cb", "loopback")]
    [InlineData("http://10.0.0.1/cb", "loopback")]
    [InlineData("https://app.example.com/cb#frag", "fragment")]
    [InlineData("https://user:pw@app.example.com/cb", "user name")]
    [InlineData("/relative/cb", "absolute")]
    [InlineData("javascript:alert(1)", "https")]
    [InlineData("ftp://app.example.com/cb", "https")]
    [InlineData("https://app.example.com/c b", "absolute")]
    [InlineData("", "absolute")]
    [InlineData(null, "absolute")]
    public void Problem_RefusedUrl_SaysWhy(string? url, string reason) => Assert.Contains(reason, CallbackUrls.Problem(url), StringComparison.Ordinal);

    [Theory]
    [InlineData("https://app.example.com/cb", true)]
    [InlineData("https://app.example.com/cb/", false)]
    [InlineData("https://app.example.com/cb/evil", false)]
    [InlineData("https://app.example.com/cb?next=https://evil.example", false)]
    [InlineData("https://APP.example.com/cb", false)]
    [InlineData("https://app.example.com/CB", false)]
    [InlineData("https://app.example.com:443/cb", false)]
    [InlineData("https://app.example.com.evil.example/cb", false)]
    [InlineData("http://127.0.0.1:5000/cb", true)]
    [InlineData("http://127.0.0.1:5001/cb", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsRegistered_ComparedExactly_NoPrefixCaseOrPortFolding(string? requested, bool registered) =>
        Assert.Equal(registered, CallbackUrls.IsRegistered(["https://app.example.com/cb", "http://127.0.0.1:5000/cb"], requested));
}
