using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>A prototype made in the console: a mock reply row with its error on its input, then the API answering from it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsolePrototypeTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Prototype_MockRowBadRegexThenFixed_ApiAnswersFromTheMockAndPortalMarksIt()
    {
        await fixture.Server.PublishApiAsync("proto_console", "/proto-console", [], new { lifecycle = "created" });
        var page = await fixture.AdminPageAsync("/console/apis/edit?id=proto_console");
        await page.FillAsync("#Form_Mock_Greeting", "hi");
        await page.FillAsync("#Form_Mock_Replies_0__Regex", "([");
        await page.FillAsync("#Form_Mock_Replies_0__Reply", "pong {{message}}");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.Mock.Replies[0].Regex']")).ToContainTextAsync("does not compile");

        await page.FillAsync("#Form_Mock_Replies_0__Regex", "^ping");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("saved");
        await page.ClickAsync("#prototype");
        await Assertions.Expect(page.Locator("#lifecycle")).ToHaveTextAsync("prototyped");
        await Assertions.Expect(page.Locator("#Form_Mock_Replies_0__Regex")).ToHaveValueAsync("^ping");
        await fixture.ScreenshotAsync(page, "50-api-prototype-mock");

        var mock = (await fixture.Server.GetJsonAsync("/api/v1/apis/proto_console")).GetProperty("config").GetProperty("mock");
        Assert.Equal(1, mock.GetProperty("replies").GetArrayLength());
        Assert.Equal("^ping", mock.GetProperty("replies")[0].GetProperty("match").GetProperty("regex").GetString());
        using var socket = await WebSocketTestExtensions.ConnectAsync(fixture.Server.ListenerUri("default", "/proto-console/v1"));
        Assert.Equal("hi", await socket.ReceiveTextAsync());
        Assert.Equal("pong ping 1", await socket.EchoAsync("ping 1"));

        await page.GotoAsync(fixture.AdminUrl + "/portal");
        await Assertions.Expect(page.Locator("#api-proto_console .pill.prototyped")).ToHaveTextAsync("prototype");
    }
}
