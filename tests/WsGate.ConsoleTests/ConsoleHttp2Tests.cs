using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>
/// A browser on a wss listener with <c>http2</c> on: Chromium loads the listener's page over HTTP/2 and opens its
/// same-origin WebSocket on that connection (RFC 8441), which the server lists as HTTP/2.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleHttp2Tests(ConsoleFixture fixture)
{
    private const string Page = """
        <!doctype html>
        <title>h2</title>
        <p id="state">connecting</p>
        <script>
          const socket = new WebSocket('wss://' + location.host + '/echo');
          socket.onopen = () => socket.send('hello over h2');
          socket.onmessage = e => document.getElementById('state').textContent = 'echoed: ' + e.data;
          socket.onerror = () => document.getElementById('state').textContent = 'error';
        </script>
        """;

    [Fact]
    public async Task Browser_PageFromHttp2Listener_OpensItsWebSocketOverHttp2()
    {
        var folder = Directory.CreateTempSubdirectory("wsgate-h2-browser-").FullName;
        try
        {
            var certificates = TestCertificates.Create(folder);
            using (var pem = await fixture.Server.PutJsonAsync("/api/v1/certificates/browser_h2", new { certificateFile = certificates.CertificatePemFile, keyFile = certificates.KeyPemFile }))
            {
                Assert.True(pem.StatusCode == HttpStatusCode.Created, await pem.Content.ReadAsStringAsync());
            }

            using (var created = await fixture.Server.PostJsonAsync("/api/v1/listeners", new
            {
                id = "browser_h2",
                protocol = "wss",
                certificate = "browser_h2",
                http2 = true,
                bindings = new[] { "127.0.0.1:0" },
                endpoints = new[] { new { path = "/echo" } },
                httpFallback = new { mode = "html", html = Page },
            }))
            {
                Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            }

            var origin = new UriBuilder(fixture.Server.ListenerUri("browser_h2", "/")) { Scheme = "https" }.Uri;
            var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true });
            var page = await context.NewPageAsync();
            await page.GotoAsync(origin.ToString());

            await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("echoed: hello over h2");
            Assert.Equal("h2", await page.EvaluateAsync<string>("performance.getEntriesByType('navigation')[0].nextHopProtocol"));
            var listed = (await fixture.Server.GetJsonAsync("/api/v1/connections?listener=browser_h2")).EnumerateArray().Single();
            Assert.Equal("2", listed.GetProperty("httpVersion").GetString());
            await context.CloseAsync();
        }
        finally
        {
            // The listener and the certificate go before their files: a configuration naming missing files is refused whole.
            (await fixture.Server.Admin.DeleteAsync("/api/v1/listeners/browser_h2")).Dispose();
            (await fixture.Server.Admin.DeleteAsync("/api/v1/certificates/browser_h2")).Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }
}
