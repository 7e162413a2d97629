using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WsGate.Analytics;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>The analytics page over traffic the test produces: charts, close codes, and a refused handshake in the failures log.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleAnalyticsTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Analytics_TrafficAndRefusedHandshake_ChartsCloseCodeAndFailureShown()
    {
        // Traffic on the default listener's echo endpoint, closed with an application close code.
        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(fixture.Server.EchoUri, CancellationToken.None);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal($"analytics {i}", await socket.EchoAsync($"analytics {i}"));
            }

            await socket.CloseAsync((WebSocketCloseStatus)4321, "analytics test", CancellationToken.None);
        }

        // A handshake to a path nobody serves: a failure with its reason.
        using (var refused = new ClientWebSocket())
        {
            await Assert.ThrowsAnyAsync<WebSocketException>(() => refused.ConnectAsync(new Uri(fixture.Server.EchoUri, "/no-such-path-analytics"), CancellationToken.None));
        }

        // Rollups reach the store at each minute's end; write what is pending now instead of waiting for it.
        var flusher = fixture.Server.Server.Services.GetRequiredService<AnalyticsFlusher>();
        await Eventually.TrueAsync(async () =>
        {
            await flusher.FlushAsync();
            var closes = await fixture.Server.GetJsonAsync("/api/v1/analytics/close-codes");
            return closes.GetRawText().Contains("4321", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "the connection's close is recorded");

        var page = await fixture.AdminPageAsync("/console/analytics?range=1h&groupBy=Listener");
        await Assertions.Expect(page.Locator("#chart-messages path.series[data-group='default']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#chart-bytes path.series[data-group='default']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#close-codes")).ToContainTextAsync("4321");
        await Assertions.Expect(page.Locator("#close-codes")).ToContainTextAsync("application-defined");
        await Assertions.Expect(page.Locator("#failures")).ToContainTextAsync("/no-such-path-analytics");
        await fixture.ScreenshotAsync(page, "25-analytics");

        // A custom range that ends before it starts names the field.
        await page.SelectOptionAsync("#Range", "custom");
        await page.FillAsync("#From", "2026-01-02T00:00");
        await page.FillAsync("#To", "2026-01-01T00:00");
        await page.ClickAsync("#range-form button[type=submit]");
        await Assertions.Expect(page.Locator("[data-valmsg-for='From']")).ToHaveTextAsync("must be before to");

        // The dashboard's recent problems include the failure.
        await page.GotoAsync(fixture.AdminUrl + "/console");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("/no-such-path-analytics");
    }
}
