namespace WsGate.UnitTests.Admission;

public sealed class AdmissionContextTests
{
    [Fact]
    public void Dispose_LeasesHeld_GivenBackNewestFirstAndOnce()
    {
        var released = new List<string>();
        var context = Admissions.ForEndpoint();
#pragma warning disable CA2000 // Hold takes ownership: giving the leases back is what the context's Dispose is tested for
        context.Hold(new Lease(() => released.Add("listener slot")));
        context.Hold(new Lease(() => released.Add("throttle")));
#pragma warning restore CA2000

        context.Dispose();
        context.Dispose();

        Assert.Equal(["throttle", "listener slot"], released);
    }

    [Fact]
    public void TakeLeases_AcceptedConnection_LifetimeGivesThemBackNotTheContext()
    {
        var released = 0;
        var context = Admissions.ForEndpoint();
#pragma warning disable CA2000 // Hold takes ownership; TakeLeases hands it on, and the test disposes what it hands on
        context.Hold(new Lease(() => released++));
#pragma warning restore CA2000

        var leases = context.TakeLeases();
        context.Dispose();

        Assert.Equal(0, released);
        leases.Dispose();
        Assert.Equal(1, released);
    }

    [Fact]
    public void Api_RoutedRequest_TheRoutesApi()
    {
        var api = Admissions.Api();

        using var context = Admissions.ForApi(api);

        Assert.Same(api, context.Api);
        Assert.Null(context.Endpoint);
    }

    private sealed class Lease(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
