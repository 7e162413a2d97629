using System.Text.Json;
using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>A capture started from a connection's row: field errors on their inputs, then stop, download and delete.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleCaptureTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Capture_StartedFromAConnectionRow_BadFieldsNamedThenRecordsRedactedDownloadedAndDeleted()
    {
        await fixture.Server.PublishApiAsync("cap_console", "/cap-console", [fixture.Backend.Url("/echo")]);
        using var socket = await WebSocketTestExtensions.ConnectAsync(fixture.Server.ListenerUri("default", "/cap-console"));
        await socket.EchoAsync("before");
        var connection = (await fixture.Server.ConnectionsOfAsync("cap_console", 1))[0].GetProperty("id").GetString()!;

        var page = await fixture.AdminPageAsync("/console/connections");
        var row = page.Locator("tr", new() { HasText = connection });
        await row.Locator("summary").ClickAsync();
        await row.GetByText("Capture…").ClickAsync();
        await Assertions.Expect(page.Locator("#Form_Api")).ToHaveValueAsync("cap_console");
        await Assertions.Expect(page.Locator("#Form_ConnectionId")).ToHaveValueAsync(connection);

        await page.FillAsync("#Form_SampleRate", "2");
        await page.FillAsync("#Form_RedactJsonPaths", "$.secret\nnot a path");
        await page.ClickAsync("text=Start capture");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.SampleRate']")).ToContainTextAsync("above 0");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.RedactJsonPaths']")).ToContainTextAsync("line 2:");

        await page.FillAsync("#Form_SampleRate", "1");
        await page.FillAsync("#Form_RedactJsonPaths", "$.secret");
        await page.ClickAsync("text=Start capture");
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("started on API cap_console");
        var id = JsonDocument.Parse(await fixture.Server.Admin.GetStringAsync("/api/v1/captures")).RootElement.EnumerateArray()
            .Single(c => c.GetProperty("target").GetProperty("api").GetString() == "cap_console").GetProperty("id").GetString()!;

        await socket.EchoAsync("""{"secret":"s3cr3t","n":1}""");
        await Eventually.TrueAsync(async () =>
            JsonDocument.Parse(await fixture.Server.Admin.GetStringAsync($"/api/v1/captures/{id}")).RootElement.GetProperty("messages").GetInt64() >= 2);
        await page.GotoAsync(fixture.AdminUrl + "/console/captures");
        var capture = page.Locator("tr", new() { HasText = id });
        await Assertions.Expect(capture).ToContainTextAsync("running");
        await fixture.ScreenshotAsync(page, "55-captures");

        await capture.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync($"Capture {id} stopped");
        await Assertions.Expect(capture).ToContainTextAsync("stopped by request");

        var download = await page.RunAndWaitForDownloadAsync(() => capture.GetByText("Download").ClickAsync());
        Assert.Equal($"{id}.ndjson", download.SuggestedFilename);
        var text = await File.ReadAllTextAsync((await download.PathAsync())!);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["in", "out"], lines.Select(l => l.GetProperty("direction").GetString()));
        Assert.All(lines, l => Assert.Equal(connection, l.GetProperty("connectionId").GetString()));
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.Contains("[redacted]", lines[0].GetProperty("payload").GetString(), StringComparison.Ordinal);

        await capture.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync($"Capture {id} deleted");
        await Assertions.Expect(page.Locator("tr", new() { HasText = id })).ToHaveCountAsync(0);
        using var gone = await fixture.Server.Admin.GetAsync($"/api/v1/captures/{id}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }
}
