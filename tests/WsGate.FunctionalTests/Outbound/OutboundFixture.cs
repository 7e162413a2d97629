using WsGate.Testing;

namespace WsGate.FunctionalTests.Outbound;

/// <summary>One WsGate and one webhook receiver shared by a class's tests; tests use ids and channels of their own.</summary>
public sealed class OutboundFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public WebhookReceiver Webhooks { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        Webhooks = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Webhooks.DisposeAsync();
    }
}
