using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>
/// An AsyncAPI document uploaded on the console's APIs page (a bad one listed line by line first), then the portal showing
/// its channel and messages and the try-it console starting with its example.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleAsyncApiTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Upload_BadThenGoodDocument_ErrorsListedThenPortalShowsChannelsAndTryItHasTheExample()
    {
        await fixture.Server.PublishApiAsync("aa_console", "/aa-console", [fixture.Backend.Url("/echo")]);
        var document = $$"""
            asyncapi: 2.6.0
            info:
              title: Console Orders
              version: 3.0.0
            servers:
              production:
                url: {{fixture.Backend.Url("/")}}
                protocol: ws
            channels:
              /echo:
                publish:
                  message:
                    name: placeOrder
                    payload:
                      type: object
                      properties:
                        item:
                          type: string
                      required: [item]
                    examples:
                      - name: a book
                        payload: {item: book}
                      - name: a pen
                        payload: {item: pen}
            """;
        var file = Path.Combine(fixture.Server.Folder, "console-orders.yaml");
        await File.WriteAllTextAsync(file, document);
        var page = await fixture.AdminPageAsync("/console/apis");

        await page.FillAsync("#Document", "asyncapi: 2.0.0\ninfo: {title: t, version: '1'}\nchannels: {}");
        await page.ClickAsync("#asyncapi-import button[type=submit]");
        await Assertions.Expect(page.Locator("#asyncapi-errors")).ToContainTextAsync("$.asyncapi");
        await Assertions.Expect(page.Locator("#asyncapi-errors")).ToContainTextAsync("version 2.0.0 is not supported (2.6 or 3.0)");

        await page.FillAsync("#Document", "");
        await page.SetInputFilesAsync("#Upload", file);
        await page.FillAsync("#ImportId", "aa_console");
        await page.ClickAsync("#asyncapi-import button[type=submit]");
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("Console Orders updated");
        await fixture.ScreenshotAsync(page, "60-apis-asyncapi-import");

        await page.GotoAsync(fixture.AdminUrl + "/portal");
        var card = page.Locator("#api-aa_console");
        await card.Locator(".api-contract summary").ClickAsync();
        await Assertions.Expect(card.Locator(".api-channel")).ToContainTextAsync("/echo");
        await Assertions.Expect(card.Locator(".api-message")).ToContainTextAsync("placeOrder");
        await Assertions.Expect(card.Locator(".api-example").First).ToHaveTextAsync("""{"item":"book"}""");
        await fixture.ScreenshotAsync(page, "61-portal-asyncapi");

        await page.GotoAsync(fixture.AdminUrl + "/portal/tryit?api=aa_console");
        await Assertions.Expect(page.Locator("#tryit-message")).ToHaveValueAsync("""{"item":"book"}""");
        await page.SelectOptionAsync("#tryit-example", new SelectOptionValue { Label = "/echo · placeOrder · a pen" });
        await Assertions.Expect(page.Locator("#tryit-message")).ToHaveValueAsync("""{"item":"pen"}""");
    }
}
