using Microsoft.OpenApi;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Admin;

/// <summary>
/// One server and its OpenAPI document, read with Microsoft.OpenApi's reader, shared by the contract tests: they only
/// read, but for one listener added under its own id.
/// </summary>
public sealed class OpenApiDocumentFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public OpenApiDocument Document { get; private set; } = null!;

    public IReadOnlyList<string> ReaderErrors { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        var json = await Server.Admin.GetStringAsync("/openapi/v1.json");
        var (document, diagnostic) = OpenApiDocument.Parse(json, "json");
        Document = document ?? throw new InvalidOperationException("the reader returned no document: " + string.Join("; ", diagnostic?.Errors ?? []));
        ReaderErrors = diagnostic?.Errors.Select(e => e.ToString()).ToList() ?? [];
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
