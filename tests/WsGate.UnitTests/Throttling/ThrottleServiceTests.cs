using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Throttling;
using WsGate.Connections;
using WsGate.Management;
using WsGate.Routing;
using WsGate.Testing;
using WsGate.Throttling;

namespace WsGate.UnitTests.Throttling;

public sealed class ThrottleServiceTests
{
    private static readonly IPAddress Client = IPAddress.Parse("10.0.0.7");
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task Admit_ApplicationAtTierCap_RefusedWith429UntilReleased()
    {
        var service = await ServiceAsync(Config(tier: new TierConfig { Name = "One", MaxConnectionsPerApplication = 1 }));
        using var first = service.Admit(Subject()).Throttle!;

        var refused = service.Admit(Subject());

        Assert.Null(refused.Throttle);
        Assert.Equal(429, refused.Rejection!.Status);
        Assert.NotNull(refused.Rejection.RetryAfter);
        first.Dispose();
        using var again = service.Admit(Subject()).Throttle;
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Admit_RefusedByLaterCap_TakesNoSlotFromEarlierOnes()
    {
        var api = Api() with { Throttling = new ThrottlingConfig { MaxConnectionsPerClientIp = 1 } };
        var service = await ServiceAsync(Config(api, new TierConfig { Name = "One", MaxConnectionsPerApplication = 5 }));
        using var first = service.Admit(Subject()).Throttle!;

        Assert.NotNull(service.Admit(Subject()).Rejection);

        Assert.Equal(1, service.ConnectionsOf("app\nchat\napp1"));
    }

    [Fact]
    public async Task Dispose_Twice_CountsNeverGoNegative()
    {
        var service = await ServiceAsync(Config(tier: new TierConfig { Name = "One", MaxConnectionsPerApplication = 2 }));
        var throttle = service.Admit(Subject()).Throttle!;

        throttle.Dispose();
        throttle.Dispose();

        Assert.Equal(0, service.ConnectionsOf("app\nchat\napp1"));
        using var a = service.Admit(Subject()).Throttle!;
        using var b = service.Admit(Subject()).Throttle!;
        Assert.NotNull(service.Admit(Subject()).Rejection);
    }

    [Fact]
    public async Task Check_TierPassesApiRefuses_TierTokenGivenBack()
    {
        var api = Api() with { Throttling = new ThrottlingConfig { Rate = new RateLimitConfig { MessagesPerWindow = 1, WindowMs = 1000 } } };
        var tier = new TierConfig { Name = "Two", Rate = new RateLimitConfig { MessagesPerWindow = 2, WindowMs = 1000 } };
        var service = await ServiceAsync(Config(api, tier));
        using var throttle = service.Admit(Subject() with { Tier = "Two" }).Throttle!;
        Assert.True(throttle.Check(ThrottleDirection.Inbound, true, 10).IsAllowed);

        var refused = throttle.Check(ThrottleDirection.Inbound, true, 10);

        Assert.Equal("API 'chat'", refused.Rule!.Scope);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);

        // The tier held 2: one went to the admitted message; the refused message's token came back.
        var tierRule = throttle.Rules.Single(r => r.Scope.StartsWith("the Two tier", StringComparison.Ordinal));
        Assert.True(tierRule.Buckets.Messages!.TryTake(1, out _));
        Assert.False(tierRule.Buckets.Messages.TryTake(1, out _));
    }

    [Fact]
    public async Task Check_DirectionNotCounted_Allowed()
    {
        var api = Api() with { Throttling = new ThrottlingConfig { Rate = new RateLimitConfig { MessagesPerWindow = 1, Count = ThrottleDirection.Outbound } } };
        var service = await ServiceAsync(Config(api));
        using var throttle = service.Admit(Subject()).Throttle!;

        for (var i = 0; i < 5; i++)
        {
            Assert.True(throttle.Check(ThrottleDirection.Inbound, true, 1).IsAllowed);
        }

        Assert.True(throttle.Check(ThrottleDirection.Outbound, true, 1).IsAllowed);
        Assert.False(throttle.Check(ThrottleDirection.Outbound, true, 1).IsAllowed);
    }

    [Fact]
    public async Task Check_BurstSmallerThanWindow_CapsMessagesAtOnce()
    {
        var api = Api() with { Throttling = new ThrottlingConfig { Rate = new RateLimitConfig { MessagesPerWindow = 60, WindowMs = 60_000, Burst = 2 } } };
        var service = await ServiceAsync(Config(api));
        using var throttle = service.Admit(Subject()).Throttle!;

        Assert.True(throttle.Check(ThrottleDirection.Inbound, true, 0).IsAllowed);
        Assert.True(throttle.Check(ThrottleDirection.Inbound, true, 0).IsAllowed);
        var refused = throttle.Check(ThrottleDirection.Inbound, true, 0);

        Assert.False(refused.IsAllowed);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
    }

    [Fact]
    public async Task Check_PerClientIp_SeparateBucketsPerAddress()
    {
        var api = Api() with { Throttling = new ThrottlingConfig { PerClientIp = new RateLimitConfig { MessagesPerWindow = 1 } } };
        var service = await ServiceAsync(Config(api));
        using var first = service.Admit(Subject()).Throttle!;
        using var second = service.Admit(Subject() with { ClientIp = IPAddress.Parse("10.0.0.8") }).Throttle!;

        Assert.True(first.Check(ThrottleDirection.Inbound, true, 0).IsAllowed);
        Assert.False(first.Check(ThrottleDirection.Inbound, true, 0).IsAllowed);
        Assert.True(second.Check(ThrottleDirection.Inbound, true, 0).IsAllowed);
    }

    [Fact]
    public void ResolveQueue_EndpointOverListenerOverDefault()
    {
        var endpointQueue = new OutboundQueueConfig { MaxMessages = 3 };
        var listenerQueue = new OutboundQueueConfig { MaxMessages = 7 };
        var config = Config() with
        {
            Listeners =
            [
                new ListenerConfig
                {
                    Id = "edge",
                    Throttling = new ThrottlingConfig { OutboundQueue = listenerQueue },
                    Endpoints = [new EndpointConfig { Path = "/fast", OutboundQueue = endpointQueue }, new EndpointConfig { Path = "/plain" }],
                },
            ],
        };

        Assert.Same(endpointQueue, ThrottleService.ResolveQueue(config, new ThrottleSubject("edge", "/fast", null, null, null, null, null)));
        Assert.Same(listenerQueue, ThrottleService.ResolveQueue(config, new ThrottleSubject("edge", "/plain", null, null, null, null, null)));
        Assert.Same(OutboundQueueConfig.Default, ThrottleService.ResolveQueue(config, new ThrottleSubject("other", "/x", null, null, null, null, null)));
    }

    private static ThrottleSubject Subject() => new("edge", null, "chat", "app1", "ann", "One", Client);

    private static ApiConfig Api() => new() { Id = "chat", Name = "chat", Context = "/chat", Version = "v1" };

    private static GatewayConfig Config(ApiConfig? api = null, TierConfig? tier = null) => new()
    {
        Listeners = [new ListenerConfig { Id = "edge", Bindings = ["127.0.0.1:0"] }],
        Apis = [api ?? Api()],
        Tiers = tier is null ? TierConfig.Defaults : [tier],
    };

    private Task<ThrottleService> ServiceAsync(GatewayConfig config)
    {
        var live = new LiveConfig();
        live.Swap(new WsGate.Storage.StoredConfig(config, 1));
        return Task.FromResult(new ThrottleService(live, _clock, NullLogger<ThrottleService>.Instance));
    }
}
