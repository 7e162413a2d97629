using WsGate.Admin.Console.Rules;
using WsGate.Configuration;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Secrets;

namespace WsGate.UnitTests.Admin.Console;

public sealed class RuleFormTests
{
    [Theory]
    [InlineData("trigger", "source")]
    [InlineData("trigger.client", "source")]
    [InlineData("trigger.channel", "source")]
    [InlineData("trigger.type", "triggerType")]
    [InlineData("trigger.listener", "listener")]
    [InlineData("trigger.match", "contains")]
    [InlineData("trigger.match.regex", "regex")]
    [InlineData("trigger.match.regexTimeoutMs", "regex")]
    [InlineData("actions[0].channel", "actions[2].channel")]
    [InlineData("actions[1].timeoutMs", "actions[3].timeoutMs")]
    [InlineData("actions", "actions")]
    public void Rename_ConfigPath_FormInput(string path, string expected) => Assert.Equal(expected, RuleForm.Rename(path, [2, 3]));

    [Fact]
    public void ToConfig_ClientSourceAndTextMatch_TriggerNamesOnlyTheClient()
    {
        var form = new RuleForm
        {
            Id = "alerts",
            TriggerType = TriggerType.Message,
            SourceKind = SourceKind.Client,
            Source = " feed ",
            Contains = "alert",
            Actions = [new ActionRow(), new ActionRow { Type = ActionType.Publish, Channel = "alerts" }],
        };

        var rule = form.ToConfig(null, out var rows);

        Assert.Equal("feed", rule.Trigger.Client);
        Assert.Null(rule.Trigger.Channel);
        Assert.Equal("alert", rule.Trigger.Match!.Contains);
        Assert.Null(rule.Trigger.Match.Regex);
        var action = Assert.Single(rule.Actions);
        Assert.Equal(ActionType.Publish, action.Type);
        Assert.Equal([1], rows);
    }

    [Fact]
    public void ToConfig_NoMatchFields_NoMatch()
    {
        var rule = new RuleForm { Id = "r", SourceKind = SourceKind.Channel, Source = "prices", Actions = [new ActionRow { Type = ActionType.Log }] }.ToConfig(null, out _);

        Assert.Null(rule.Trigger.Match);
        Assert.Equal("prices", rule.Trigger.Channel);
    }

    [Fact]
    public void ToConfig_HttpRequestTrigger_NoSourceKept()
    {
        var form = new RuleForm { Id = "r", TriggerType = TriggerType.HttpRequest, SourceKind = SourceKind.Client, Source = "feed", Listener = "default", Path = "/hook", Actions = [new ActionRow { Type = ActionType.Respond }] };

        var trigger = form.ToConfig(null, out _).Trigger;

        Assert.Null(trigger.Client);
        Assert.Equal("/hook", trigger.Path);
    }

    [Fact]
    public void ToConfig_WebhookRowKeepsType_HeadersAndRetriesKept()
    {
        var existing = new RuleConfig
        {
            Id = "r",
            Trigger = new TriggerConfig { Client = "feed" },
            Actions = [new ActionConfig { Type = ActionType.Webhook, Url = "https://a.example/x", Retries = 5, Headers = new Dictionary<string, string> { ["X-Key"] = "k" } }],
        };
        var form = RuleForm.From(existing).WithBlankRows();
        form.Actions[0].Url = "https://b.example/y";

        var edited = form.ToConfig(existing, out _);
        var action = Assert.Single(edited.Actions);

        // The form shows header values masked; saving them back keeps the stored ones (ConfigManager restores them).
        var saved = SecretRestorer.KeepStored(GatewayConfig.Empty with { Rules = [edited] }, GatewayConfig.Empty with { Rules = [existing] });

        Assert.Equal("https://b.example/y", action.Url);
        Assert.Equal(5, action.Retries);
        Assert.Equal(SecretValues.Mask, action.Headers["X-Key"]);
        Assert.Equal("k", Assert.Single(Assert.Single(saved.Rules).Actions).Headers["X-Key"]);
    }

    [Fact]
    public void From_ApiTrigger_SourceKindApi()
    {
        var form = RuleForm.From(new RuleConfig { Id = "r", Trigger = new TriggerConfig { Api = "chat_v1", Match = new MatchConfig { Property = "$.type", Value = "join" } } });

        Assert.Equal(SourceKind.Api, form.SourceKind);
        Assert.Equal("chat_v1", form.Source);
        Assert.Equal("$.type", form.Property);
        Assert.Equal("join", form.Value);
    }

    [Fact]
    public void ToConfig_OptionsTyped_StoredOnTheAction()
    {
        var form = new RuleForm { Id = "r", Source = "feed" }.WithBlankRows();
        form.Actions[0].Type = ActionType.Webhook;
        form.Actions[0].Url = "https://a.example/x";
        form.Actions[0].Method = "put";
        form.Actions[0].Headers = "X-A: 1\nX-B: {{source}}";
        form.Actions[0].TimeoutMs = 2000;

        var action = Assert.Single(form.ToConfig(null, out _).Actions);

        Assert.Equal("PUT", action.Method);
        Assert.Equal(2000, action.TimeoutMs);
        Assert.Equal(2, action.Retries);
        Assert.Equal("{{source}}", action.Headers["X-B"]);
        Assert.False(new ActionRow().HasOptions);
        Assert.True(form.Actions[0].HasOptions);
    }
}
