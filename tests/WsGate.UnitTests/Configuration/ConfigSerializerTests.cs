using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Configuration;
using WsGate.Configuration.Identity;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration;

public sealed class ConfigSerializerTests
{
    /// <summary>A config that sets every field, with strings that YAML would read as something else if written plain.</summary>
    private static readonly GatewayConfig Full = new()
    {
        Listeners =
        [
            new ListenerConfig
            {
                Id = "public_api",
                Alias = "public-api.v2",
                Description = "Front door: chat # not a comment, 'quoted' \"twice\"",
                Group = "edge",
                Enabled = false,
                Protocol = ListenerProtocol.Wss,
                Bindings = ["0.0.0.0:8443", "[::]:8443"],
                Backlog = 128,
                IdleTimeoutMs = 0,
                KeepAliveIntervalMs = 15_000,
                PongTimeoutMs = 2_500,
                MaxConnections = 10_000,
                Workers = new WorkersConfig { MaxConcurrent = 64, QueueLimit = 500, Priority = 8 },
                MaxMessageSize = 5_000_000_000,
                Certificate = "site",
                Access = new AccessConfig { Mode = AccessMode.DenyByDefault, Allow = ["10.0.0.0/8", "::1"], Deny = ["10.1.2.3"] },
                HttpFallback = new HttpFallbackConfig { Mode = HttpFallbackMode.Html, Html = "<html>\n  <body>hi</body>\n</html>\n", DefaultDocument = "home.htm" },
                Endpoints = [new EndpointConfig { Path = "/echo", MaxConnectionDurationMs = 0 }, new EndpointConfig { Path = "/chat", Kind = EndpointKind.Channel, MaxConnectionDurationMs = 3_600_000 }],
                AllowWebSocketUpgrade = false,
                AllowedMethods = ["GET", "HEAD"],
                AllowedHttpVersions = ["1.0", "1.1", "2"],
                PublicUrl = "wss://chat.example.com:8443/ws",
                MaxConnectionDurationMs = 86_400_000,
            },
            new ListenerConfig
            {
                Id = "second",
                Description = "true",
                Group = "123",
                Bindings = ["127.0.0.1:0"],
                HttpFallback = new HttpFallbackConfig { Mode = HttpFallbackMode.Folder, Folder = "/srv/www", DefaultDocument = "null" },
                Authentication = new AuthenticationConfig
                {
                    Modes = [AuthMode.Basic, AuthMode.Url, AuthMode.Forward],
                    Accounts = AccountSource.Both,
                    PamService = "wsgate-ws",
                    Groups = ["ops"],
                    Forward = new ForwardAuthConfig
                    {
                        Url = "https://app.example/session/check?strict=true",
                        Headers = ["Authorization", "X-Csrf-Token"],
                        UserHeader = "Remote-User",
                        GroupsHeader = "Remote-Groups",
                        CacheSeconds = 30,
                        CacheSize = 500,
                        TimeoutMs = 2_000,
                    },
                },
            },
        ],
        Certificates =
        [
            new CertificateConfig { Name = "site", CertificateFile = "/etc/wsgate/site.pem", KeyFile = "/etc/wsgate/site.key" },
            new CertificateConfig { Name = "legacy", Pkcs12File = "C:\\certs\\legacy.pfx", Password = "0123" },
            new CertificateConfig { Name = "odd", Pkcs12File = "- leading dash", Password = " spaced " },
        ],
    };

    [Fact]
    public void FromJson_UnknownEnumValue_NamesFieldAndAllowedValues()
    {
        var ex = Assert.Throws<ConfigValidationException>(() =>
            ConfigSerializer.FromJson<WsGate.Configuration.Throttling.TierConfig>("""{"name":"T","rate":{"messagesPerWindow":5,"action":"explode"}}"""));

        Assert.Equal(new ConfigError("rate.action", "must be one of drop, close, backpressure, not the string \"explode\""), Assert.Single(ex.Errors));
    }

    [Fact]
    public void FromJson_TextWhereNumberBelongs_SaysWholeNumber()
    {
        var ex = Assert.Throws<ConfigValidationException>(() =>
            ConfigSerializer.FromJson<WsGate.Configuration.Throttling.TierConfig>("""{"name":"T","maxConnectionsPerUser":"many"}"""));

        Assert.Equal(new ConfigError("maxConnectionsPerUser", "must be a whole number up to 2147483647, not the string \"many\""), Assert.Single(ex.Errors));
    }

    [Fact]
    public void FromYaml_ExportOfFullConfig_GivesEqualConfig()
    {
        var yaml = ConfigSerializer.ToYaml(Full, "WsGate export\nsecond line");

        var imported = ConfigSerializer.FromYaml(yaml);

        Assert.Equal(ConfigSerializer.ToJson(Full), ConfigSerializer.ToJson(imported));
        Assert.Equal(Full.Listeners[0].Workers, imported.Listeners[0].Workers);
    }

    [Fact]
    public void ToYaml_Header_IsWrittenAsComments()
    {
        var yaml = ConfigSerializer.ToYaml(GatewayConfig.Empty, "one\ntwo");

        Assert.StartsWith("# one\n# two\n", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("...", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_ExportOfFullConfig_GivesEqualConfig()
    {
        var json = ConfigSerializer.ToJson(Full);

        Assert.Equal(json, ConfigSerializer.ToJson(ConfigSerializer.FromJson<GatewayConfig>(json)));
    }

    [Fact]
    public void ToJson_Enums_AreCamelCaseStrings()
    {
        var json = ConfigSerializer.ToJson(Full.Listeners[0]);

        Assert.Contains("\"protocol\":\"wss\"", json, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"denyByDefault\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"channel\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void FromYaml_PlainScalars_AreTyped()
    {
        const string yaml = """
            listeners:
              - id: main
                enabled: false
                backlog: 42
                maxMessageSize: 1048576
                description: ~
                bindings: [127.0.0.1:8080]
            """;

        var listener = Assert.Single(ConfigSerializer.FromYaml(yaml).Listeners);

        Assert.False(listener.Enabled);
        Assert.Equal(42, listener.Backlog);
        Assert.Equal(1_048_576, listener.MaxMessageSize);
        Assert.Null(listener.Description);
        Assert.Equal(["127.0.0.1:8080"], listener.Bindings);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("False")]
    [InlineData("123")]
    [InlineData("-1.5")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    public void FromYaml_QuotedScalars_StayStrings(string text)
    {
        var yaml = $"listeners:\n  - id: main\n    description: \"{text}\"\n    alias: '{text}'\n";

        var listener = Assert.Single(ConfigSerializer.FromYaml(yaml).Listeners);

        Assert.Equal(text, listener.Description);
        Assert.Equal(text, listener.Alias);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void FromYaml_PlainNaNOrInfinity_IsAString(string text)
    {
        // YAML 1.2 writes these as .nan and .inf; plain NaN and Infinity are strings.
        var yaml = $"listeners:\n  - id: main\n    description: {text}\n";

        var listener = Assert.Single(ConfigSerializer.FromYaml(yaml).Listeners);

        Assert.Equal(text, listener.Description);
    }

    [Fact]
    public void FromYaml_NumberTooLargeForDouble_IsATypeErrorNotACrash()
    {
        var ex = Assert.Throws<ConfigValidationException>(() => ConfigSerializer.FromYaml("listeners:\n  - id: main\n    bindings: [127.0.0.1:0]\n    maxMessageSize: 1e400\n"));

        Assert.Equal("listeners[0].maxMessageSize", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void ToYaml_StringsThatLookLikeOtherTypes_AreQuoted()
    {
        var yaml = ConfigSerializer.ToYaml(Full);

        Assert.Contains("description: \"true\"", yaml, StringComparison.Ordinal);
        Assert.Contains("group: \"123\"", yaml, StringComparison.Ordinal);
        Assert.Contains("password: \"0123\"", yaml, StringComparison.Ordinal);
        Assert.Contains("backlog: 128", yaml, StringComparison.Ordinal);
        Assert.Contains("enabled: false", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void FromYaml_EmptyDocument_IsEmptyConfig()
    {
        var config = ConfigSerializer.FromYaml("");

        Assert.Empty(config.Listeners);
        Assert.Empty(config.Certificates);
    }

    [Fact]
    public void FromYaml_UnknownListenerField_PathNamesItAndWhatItsAbsenceBreaks()
    {
        const string yaml = """
            listeners:
              - id: main
                bindings: [127.0.0.1:8080]
              - id: other
                bindngs: [127.0.0.1:8081]
            """;

        var ex = Assert.Throws<ConfigValidationException>(() => ConfigSerializer.FromYaml(yaml));

        Assert.Equal(["listeners[1].bindngs", "listeners[1].bindings"], ex.Errors.Select(e => e.Path));
    }

    [Fact]
    public void FromYaml_UnknownTopLevelField_PathNamesIt()
    {
        var ex = Assert.Throws<ConfigValidationException>(() => ConfigSerializer.FromYaml("listenrs: []\n"));

        Assert.Equal("listenrs", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void FromYaml_WrongType_PathNamesTheField()
    {
        const string yaml = """
            listeners:
              - id: main
                bindings: [127.0.0.1:0]
                backlog: lots
            """;

        var ex = Assert.Throws<ConfigValidationException>(() => ConfigSerializer.FromYaml(yaml));

        Assert.Equal("listeners[0].backlog", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void FromYaml_UnknownEnumValue_PathNamesTheField()
    {
        const string yaml = """
            listeners:
              - id: main
                bindings: [127.0.0.1:0]
                protocol: http
            """;

        var ex = Assert.Throws<ConfigValidationException>(() => ConfigSerializer.FromYaml(yaml));

        Assert.Equal("listeners[0].protocol", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void FromYaml_InvalidYaml_ErrorNamesTheLine()
    {
        const string yaml = "listeners:\n  - id: main\n    bindings: [127.0.0.1:8080\n";

        var ex = Assert.Throws<ConfigValidationException>(() => ConfigSerializer.FromYaml(yaml));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("line ", error.Path, StringComparison.Ordinal);
        Assert.Contains("is not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromYaml_BadIndentation_ErrorNamesTheLine()
    {
        const string yaml = "listeners:\n  - id: main\n   backlog: 3\n";

        var ex = Assert.Throws<ConfigValidationException>(() => ConfigSerializer.FromYaml(yaml));

        Assert.Equal("line 3", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void FromYaml_DuplicateKey_IsRefusedWithALine()
    {
        const string yaml = "listeners:\n  - id: main\n    id: again\n";

        var ex = Assert.Throws<ConfigValidationException>(() => ConfigSerializer.FromYaml(yaml));

        Assert.StartsWith("line ", Assert.Single(ex.Errors).Path, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_InvalidJson_ThrowsConfigValidationException()
    {
        var ex = Assert.Throws<ConfigValidationException>(() => ConfigSerializer.FromJson<ListenerConfig>("{\"id\": "));

        Assert.Contains("is not valid JSON", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_WrongTypeWithPrefix_PathIsPrefixed()
    {
        var node = JsonNode.Parse("""{"id":"x","bindings":"127.0.0.1:80"}""");

        var ex = Assert.Throws<ConfigValidationException>(() => ConfigSerializer.FromJson<ListenerConfig>(node, "listener"));

        Assert.Equal("listener.bindings", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void FromJson_Null_IsRefused()
    {
        var ex = Assert.Throws<ConfigValidationException>(() => ConfigSerializer.FromJson<ListenerConfig>("null"));

        Assert.Equal("$", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void FromJson_IntegerForEnum_IsRefused()
    {
        Assert.Throws<ConfigValidationException>(() => ConfigSerializer.FromJson<ListenerConfig>("""{"protocol":1}"""));
    }

    [Fact]
    public void YamlToJson_Scalars_FollowCoreSchema()
    {
        var node = ConfigSerializer.YamlToJson("a: 1\nb: -2.5\nc: true\nd: null\ne: text\nf: '1'\n")!.AsObject();

        Assert.Equal(JsonValueKind.Number, node["a"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, node["b"]!.GetValueKind());
        Assert.Equal(JsonValueKind.True, node["c"]!.GetValueKind());
        Assert.Null(node["d"]);
        Assert.Equal(JsonValueKind.String, node["e"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, node["f"]!.GetValueKind());
    }

    [Fact]
    public void FromJson_ShapeAndRuleErrorsWithReferences_OneExceptionHoldsBoth()
    {
        var ex = Assert.Throws<ConfigValidationException>(() =>
            ConfigSerializer.FromJson<ListenerConfig>("""{"id":"a","bindngs":["127.0.0.1:0"],"backlog":"many","maxConnections":-1}""", references: new GatewayConfig()));

        Assert.Equal(["bindngs", "backlog", "bindings", "maxConnections"], ex.Errors.Select(e => e.Path));
        Assert.Equal("is not a known field; did you mean 'bindings'?", ex.Errors[0].Message);
        Assert.Equal("at least one IP:port binding is required", ex.Errors[2].Message);
    }

    [Fact]
    public void FromJson_RuleErrorUnderAFieldThatFailedItsShape_NotRepeated()
    {
        var ex = Assert.Throws<ConfigValidationException>(() =>
            ConfigSerializer.FromJson<ListenerConfig>("""{"id":"a","bindings":["127.0.0.1:0",5]}""", references: new GatewayConfig()));

        Assert.Equal("bindings[1]", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void FromJson_ShapeErrorsWithoutReferences_RulesNeedingThemNotRun()
    {
        var ex = Assert.Throws<ConfigValidationException>(() =>
            ConfigSerializer.FromJson<ListenerConfig>("""{"id":"a","bindngs":["127.0.0.1:0"]}"""));

        Assert.Equal("bindngs", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void FromJson_WholeConfigWithShapeAndRuleErrors_CheckedAgainstItself()
    {
        var ex = Assert.Throws<ConfigValidationException>(() =>
            ConfigSerializer.FromJson<GatewayConfig>("""{"listeners":[{"id":"a","bindings":["127.0.0.1:1"],"backlog":"x"},{"id":"A","bindings":["127.0.0.1:2"]}]}"""));

        Assert.Equal(["listeners[0].backlog", "listeners[1].id"], ex.Errors.Select(e => e.Path));
    }
}
