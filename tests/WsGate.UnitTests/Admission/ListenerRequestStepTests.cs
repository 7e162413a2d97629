using WsGate.Admission;
using WsGate.Configuration;
using WsGate.Listeners;

namespace WsGate.UnitTests.Admission;

public sealed class ListenerRequestStepTests
{
    private static ListenerRuntime Listener(Func<ListenerConfig, ListenerConfig> change) =>
        new(change(new ListenerConfig { Id = "edge", Bindings = ["127.0.0.1:0"] }), new WorkerScheduler());

    private static async Task<HandshakeRejection?> AdmitAsync(ListenerRuntime listener, Action<Microsoft.AspNetCore.Http.HttpRequest>? change = null)
    {
        using var context = Admissions.ForEndpoint(change, listener);
        return await new ListenerRequestStep().AdmitAsync(context);
    }

    [Fact]
    public async Task AdmitAsync_Defaults_Admitted()
    {
        Assert.Null(await AdmitAsync(Listener(l => l)));
    }

    [Fact]
    public async Task AdmitAsync_UpgradeOff_403SayingUpgradesAreOff()
    {
        var rejection = await AdmitAsync(Listener(l => l with { AllowWebSocketUpgrade = false }));

        Assert.Equal(403, rejection!.Status);
        Assert.Contains("WebSocket upgrades are switched off on listener 'edge'", rejection.Detail, StringComparison.Ordinal);
        Assert.Equal("upgrade_disabled", rejection.Headers!["X-WsGate-Reason"]);
    }

    [Fact]
    public async Task AdmitAsync_MethodNotAllowed_405WithAllowedList()
    {
        var rejection = await AdmitAsync(Listener(l => l with { AllowedMethods = ["GET", "head"] }), r => r.Method = "POST");

        Assert.Equal(405, rejection!.Status);
        Assert.Equal("GET, HEAD", rejection.Headers!["Allow"]);
    }

    [Fact]
    public async Task AdmitAsync_VersionNotAllowed_505()
    {
        var rejection = await AdmitAsync(Listener(l => l with { AllowedHttpVersions = ["1.1"] }), r => r.Protocol = "HTTP/1.0");

        Assert.Equal(505, rejection!.Status);
        Assert.Contains("HTTP/1.0", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitAsync_AllowedMethodInOtherCase_Admitted()
    {
        Assert.Null(await AdmitAsync(Listener(l => l with { AllowedMethods = ["get"], AllowedHttpVersions = ["1.1"] })));
    }
}
