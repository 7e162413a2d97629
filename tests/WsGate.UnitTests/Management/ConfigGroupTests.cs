using System.Text.Json;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;
using WsGate.Management;

namespace WsGate.UnitTests.Management;

public sealed class ConfigGroupTests
{
    private static readonly GatewayConfig Current = new()
    {
        Listeners =
        [
            new ListenerConfig { Id = "sales_ws", Group = "sales", Bindings = ["127.0.0.1:8080"] },
            new ListenerConfig { Id = "sales_wss", Group = "Sales", Protocol = ListenerProtocol.Wss, Certificate = "site", Bindings = ["127.0.0.1:8443"] },
            new ListenerConfig { Id = "ops", Group = "ops", Bindings = ["127.0.0.1:9090"] },
            new ListenerConfig { Id = "loose", Bindings = ["127.0.0.1:9091"] },
        ],
        Certificates =
        [
            new CertificateConfig { Name = "site", CertificateFile = "/etc/site.pem", KeyFile = "/etc/site.key" },
            new CertificateConfig { Name = "other", CertificateFile = "/etc/other.pem", KeyFile = "/etc/other.key" },
        ],
        Apis = [new ApiConfig { Id = "quotes", Context = "/quotes", Listeners = ["ops"] }],
    };

    [Fact]
    public void Select_Group_ItsListenersCaseInsensitivelyAndTheCertificatesTheyName()
    {
        var part = ConfigGroup.Select(Current, "SALES");

        Assert.Equal(["sales_ws", "sales_wss"], part.Listeners.Select(l => l.Id));
        Assert.Equal("site", Assert.Single(part.Certificates).Name);
        Assert.Empty(part.Apis);
    }

    [Fact]
    public void Select_UnknownGroup_RefusedNamingTheGroupsThereAre()
    {
        var ex = Assert.Throws<ConfigValidationException>(() => ConfigGroup.Select(Current, "hr"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("group", error.Path);
        Assert.Equal("no listener is in the group 'hr' (groups: ops, sales)", error.Message);
    }

    [Fact]
    public void Trim_SerializedGroup_KeepsOnlyListenersAndCertificates()
    {
        var node = JsonSerializer.SerializeToNode(ConfigGroup.Select(Current, "sales"), ConfigSerializer.JsonOptions);

        ConfigGroup.Trim(node);

        Assert.Equal(["listeners", "certificates"], node!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void CheckDocument_OtherSectionsAndOtherGroupsListeners_RefusedWithPaths()
    {
        var imported = new GatewayConfig { Listeners = [new ListenerConfig { Id = "x", Group = "ops", Bindings = ["127.0.0.1:1"] }] };

        var ex = Assert.Throws<ConfigValidationException>(() => ConfigGroup.CheckDocument(imported, ["listeners", "apis"], "sales"));

        Assert.Equal(["apis", "listeners[0].group"], ex.Errors.Select(e => e.Path));
    }

    [Fact]
    public void CheckDocument_ListenerWithoutGroup_TakenIntoIt()
    {
        var imported = new GatewayConfig { Listeners = [new ListenerConfig { Id = "x", Bindings = ["127.0.0.1:1"] }] };

        var checkedDocument = ConfigGroup.CheckDocument(imported, ["listeners"], "sales");

        Assert.Equal("sales", checkedDocument.Listeners[0].Group);
    }

    [Fact]
    public void Merge_ReplaceModeAsGroup_RemovesOnlyThatGroupsMissingListeners()
    {
        var current = new GatewayConfig
        {
            Listeners =
            [
                new ListenerConfig { Id = "sales_a", Group = "sales", Bindings = ["127.0.0.1:8080"] },
                new ListenerConfig { Id = "sales_b", Group = "sales", Bindings = ["127.0.0.1:8081"] },
                new ListenerConfig { Id = "ops", Group = "ops", Bindings = ["127.0.0.1:9090"] },
                new ListenerConfig { Id = "loose", Bindings = ["127.0.0.1:9091"] },
            ],
        };
        var imported = new GatewayConfig { Listeners = [current.Listeners[0] with { Backlog = 64 }] };

        var (merged, result) = ConfigImporter.Merge(current, imported, ImportMode.Replace, PortConflictPolicy.Reject, dryRun: false, group: "sales");

        Assert.Equal(["sales_a", "ops", "loose"], merged.Listeners.Select(l => l.Id));
        Assert.Equal(64, merged.FindListener("sales_a")!.Backlog);
        Assert.Equal(["sales_b"], result.ListenersRemoved);
        Assert.Equal(current.Tiers, merged.Tiers);
    }
}
