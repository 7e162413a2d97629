using Microsoft.Extensions.DependencyInjection;
using WsGate.Admission;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Docs;

/// <summary>
/// The pictures in the docs stay true: the connection-path diagram is the one the running server's admission chain
/// draws. With WSGATE_UPDATE_DOCS=1 (scripts/docs-images.sh) the test writes it into the documents instead.
/// </summary>
public sealed class DocsPicturesTests
{
    private static readonly string[] Documents = ["docs/gateway.md", "README.md"];

    [Fact]
    public async Task ConnectionPathDiagram_InGatewayDocAndReadme_DrawsTheRunningAdmissionChain()
    {
        await using var server = await TestServer.StartAsync();
        var steps = server.Server.Services.GetRequiredService<AdmissionChain>().Steps.Select(s => s.GetType().Name).ToList();
        var diagram = ConnectionPathDiagram.Render(steps);

        Assert.All(steps, s => Assert.True(ConnectionPathDiagram.Labels.ContainsKey(s), $"admission step {s} has no label in ConnectionPathDiagram.Labels"));
        var update = Environment.GetEnvironmentVariable("WSGATE_UPDATE_DOCS") == "1";
        foreach (var name in Documents)
        {
            var path = Path.Combine(RepositoryRoot(), name);
            var text = await File.ReadAllTextAsync(path);
            var expected = ConnectionPathDiagram.Replace(text, diagram);
            Assert.True(expected is not null, $"{name} has no connection-path diagram block ({ConnectionPathDiagram.Begin})");
            if (update)
            {
                await File.WriteAllTextAsync(path, expected);
            }
            else
            {
                Assert.True(expected == text, $"{name}'s connection-path diagram differs from the running chain: run scripts/docs-images.sh");
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "WsGate.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("WsGate.slnx not found above " + AppContext.BaseDirectory);
    }
}
