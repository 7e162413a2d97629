using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>Bad input in the browser: wrong passwords, refused documents, and a session that expires while typing.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleFormTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Login_WrongPassword_ErrorNextToPasswordAndUsernameKept()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, "admin", "not-the-password");

        Assert.Contains("/console/login", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-valmsg-for='Password']")).ToHaveTextAsync("Unknown user or wrong password.");
        await Assertions.Expect(page.Locator("#Username")).ToHaveValueAsync("admin");
    }

    [Fact]
    public async Task ExpiredSession_FormPosted_SignInReturnsToFormWithTypedFields()
    {
        var page = await fixture.AdminPageAsync("/console/users");
        await page.FillAsync("#Form_Username", "kept_user");
        await page.FillAsync("#Form_Description", "typed before the session ended");
        await page.FillAsync("#Form_Password", "a-password-never-kept");

        // The session ends (cookies gone, as after the idle timeout or a restart) before the form is sent.
        await page.Context.ClearCookiesAsync();
        await page.ClickAsync("form[data-draft='user'] button[type=submit]");
        Assert.Contains("/console/login", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".login")).ToContainTextAsync("Sign in to continue to /console/users");

        await page.FillAsync("#Username", "admin");
        await page.FillAsync("#Password", TestServer.AdminPassword);
        await page.ClickAsync("button[type=submit]");

        Assert.Contains("/console/users", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#restored")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#Form_Username")).ToHaveValueAsync("kept_user");
        await Assertions.Expect(page.Locator("#Form_Description")).ToHaveValueAsync("typed before the session ended");
        await Assertions.Expect(page.Locator("#Form_Password")).ToHaveValueAsync("");
        await fixture.ScreenshotAsync(page, "12-session-expired-fields-kept");
    }

    [Fact]
    public async Task ConfigImport_InvalidDocument_DryRunListsFieldPaths()
    {
        var page = await fixture.AdminPageAsync("/console/config");
        await page.FillAsync("#Document", "listeners:\n  - id: bad-id\n    bindings: [\"127.0.0.1:70000\"]\n");
        await page.ClickAsync("button:has-text('Dry run')");

        var errors = page.Locator("#import-errors");
        await Assertions.Expect(errors).ToContainTextAsync("listeners[0].id");
        await Assertions.Expect(errors).ToContainTextAsync("listeners[0].bindings[0]");
        await fixture.ScreenshotAsync(page, "13-config-import-errors");
    }

    [Fact]
    public async Task ListenerGroup_DisableAllConfirmed_EveryMemberDisabled()
    {
        foreach (var id in new[] { "batch_a", "batch_b" })
        {
            // Port 0: a port found free now may be one another test's stopped listener still names in the configuration.
            using var created = await fixture.Server.PostJsonAsync("/api/v1/listeners", new { id, group = "batch", bindings = new[] { "127.0.0.1:0" } });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var page = await fixture.AdminPageAsync("/console/listeners");
        await page.ClickAsync("form:has-text('batch') button:has-text('Disable all')");

        await Assertions.Expect(page.Locator(".flash.ok")).ToHaveTextAsync("Group batch disabled.");
        await Assertions.Expect(page.Locator("#listener-batch_a .pill")).ToHaveTextAsync("disabled");
        await Assertions.Expect(page.Locator("#listener-batch_b .pill")).ToHaveTextAsync("disabled");
    }

    [Fact]
    public async Task Operator_ListenersPage_ReadsButCannotChange()
    {
        using var response = await fixture.Server.PostJsonAsync("/api/v1/users", new { username = "ops1", password = "operator-password-1", roles = new[] { "operator" } });
        response.EnsureSuccessStatusCode();
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, "ops1", "operator-password-1");

        await page.GotoAsync(fixture.AdminUrl + "/console/listeners");
        await Assertions.Expect(page.Locator("#listener-default")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("text=New listener")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#listener-default button")).ToHaveCountAsync(0);
        await page.GotoAsync(fixture.AdminUrl + "/console/listeners/edit?id=default");
        await Assertions.Expect(page.Locator("#Form_Bindings")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("form.grid button[type=submit]")).ToHaveCountAsync(0);
    }
}
