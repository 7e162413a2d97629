using System.Text.Json.Nodes;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Http;

/// <summary>
/// A content folder <c>root/site</c> served by listener <c>site</c>, with a secret outside it (<c>root/secret.txt</c>,
/// <c>root/private/secret.txt</c>) and links inside it that point there. Read-only, so shared by a test class.
/// </summary>
public sealed class FolderSiteFixture : IAsyncLifetime
{
    public const string Secret = "TOP-SECRET-CONTENT";

    public string Root { get; } = Directory.CreateTempSubdirectory("wsgate-www-").FullName;

    public string Site => Path.Combine(Root, "site");

    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Site);
        File.WriteAllText(Path.Combine(Root, "secret.txt"), Secret);
        Directory.CreateDirectory(Path.Combine(Root, "private"));
        File.WriteAllText(Path.Combine(Root, "private", "secret.txt"), Secret);
        File.WriteAllText(Path.Combine(Site, "index.html"), "<h1>home</h1>");
        File.WriteAllText(Path.Combine(Site, "style.css"), "body { color: red; }");
        File.WriteAllText(Path.Combine(Site, "app.js"), "console.log(1);");
        File.WriteAllText(Path.Combine(Site, "data.json"), "{\"a\":1}");
        Directory.CreateDirectory(Path.Combine(Site, "docs"));
        File.WriteAllText(Path.Combine(Site, "docs", "index.html"), "<h1>docs</h1>");
        File.CreateSymbolicLink(Path.Combine(Site, "link.txt"), Path.Combine(Root, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(Site, "linkdir"), Path.Combine(Root, "private"));

        Server = await TestServer.StartAsync();
        var listener = EchoListener("site");
        listener["httpFallback"] = new JsonObject { ["mode"] = "folder", ["folder"] = Site };
        await CreateAsync(Server, listener);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
