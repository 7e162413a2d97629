using System.Net;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Cluster;

/// <summary>
/// A console session works on every node: the keys that sign console cookies and antiforgery tokens live in the shared
/// store, so a load balancer without sticky sessions can send an operator's requests to any node.
/// </summary>
public sealed class ConsoleSessionTests
{
    [Fact]
    public async Task SignedInOnOneNode_OtherNode_ServesTheConsoleAndAcceptsItsForms()
    {
        var postgres = await PostgresServer.SharedAsync();
        var nodes = await ClusterNodes.StartAsync(postgres.Url(await postgres.CreateDatabaseAsync("console")), "console-a", "console-b");
        await using var a = nodes[0];
        await using var b = nodes[1];
        var cookies = new CookieContainer();
        using var onA = ConsoleSignIn.Client(a.AdminAddress, cookies);
        using var onB = ConsoleSignIn.Client(b.AdminAddress, cookies);

        await ConsoleSignIn.SignInAsync(onA, "admin", TestServer.AdminPassword);
        using var page = await onB.GetAsync("/console/listeners");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // A form rendered by one node posts to the other: its antiforgery token is read there too. Signing out is such a form.
        var token = ConsoleSignIn.AntiforgeryToken(await onA.GetStringAsync("/console"));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [ConsoleSignIn.AntiforgeryFieldName] = token,
        });
        using var signedOut = await onB.PostAsync("/console/logout", form);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        using var afterSignOut = await onA.GetAsync("/console/listeners");
        Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
        Assert.Equal("/console/login", afterSignOut.Headers.Location!.AbsolutePath);
    }
}
