using WsGate.Configuration;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Validation;
using WsGate.Management;

namespace WsGate.UnitTests.Management;

/// <summary>Clients, rules and bridges travel with an export and merge by id on import.</summary>
public sealed class OutboundImportTests
{
    private static readonly GatewayConfig Current = new()
    {
        Clients = [new OutboundClientConfig { Id = "old", Host = "old.example" }],
        Rules = [new RuleConfig { Id = "r1", Trigger = new() { Client = "old" }, Actions = [new() { Type = ActionType.Log }] }],
    };

    [Fact]
    public void Merge_DocumentRuleNamesItsOwnClient_AddedTogether()
    {
        var imported = ConfigSerializer.FromYaml("""
            clients:
              - { id: feed, url: "wss://feed.example:9443/stream" }
            rules:
              - id: r2
                trigger: { client: feed, match: { contains: alert } }
                actions: [{ type: publish, channel: alerts }]
            bridges:
              - { id: b1, client: old, channel: news }
            """);

        var (merged, _) = ConfigImporter.Merge(Current, imported, ImportMode.Merge, PortConflictPolicy.KeepExisting, dryRun: false);

        Assert.Equal(["old", "feed"], merged.Clients.Select(c => c.Id));
        Assert.Equal(["r1", "r2"], merged.Rules.Select(r => r.Id));
        Assert.Equal("b1", Assert.Single(merged.Bridges).Id);
    }

    [Fact]
    public void Merge_RuleNamingUnknownClient_RefusedNamingTheDocumentPath()
    {
        var imported = new GatewayConfig { Rules = [new RuleConfig { Id = "r3", Trigger = new() { Client = "ghost" }, Actions = [new() { Type = ActionType.Log }] }] };

        var error = Assert.Throws<ConfigValidationException>(() => ConfigImporter.Merge(Current, imported, ImportMode.Merge, PortConflictPolicy.KeepExisting, dryRun: false));

        Assert.Equal("rules[0].trigger.client", Assert.Single(error.Errors).Path);
    }

    [Fact]
    public void ExportImport_YamlRoundTrip_KeepsClientsRulesBridges()
    {
        var config = Current with
        {
            Clients = [Current.Clients[0] with { Headers = new Dictionary<string, string> { ["X-Key"] = "v" }, Reconnect = new() { Enabled = true, IntervalSeconds = 3 } }],
            Bridges = [new BridgeConfig { Id = "b", Client = "old", Channel = "c", Direction = BridgeDirection.ClientToChannel }],
        };

        var again = ConfigSerializer.FromYaml(ConfigSerializer.ToYaml(config));

        Assert.Equal("v", again.Clients[0].Headers["X-Key"]);
        Assert.Equal(3, again.Clients[0].Reconnect.IntervalSeconds);
        Assert.Equal(BridgeDirection.ClientToChannel, again.Bridges[0].Direction);
        Assert.Equal("old", again.Rules[0].Trigger.Client);
        Assert.Empty(ConfigValidator.Validate(again));
    }
}
