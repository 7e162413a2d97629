using WsGate.Configuration;
using WsGate.Configuration.Analytics;
using WsGate.Configuration.Identity;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Rules;

namespace WsGate.UnitTests.Configuration.Secrets;

/// <summary>A configuration with every secret site set to a value that contains "SECRET-", so a leak is easy to find.</summary>
internal static class SecretSamples
{
    public static GatewayConfig Config() => GatewayConfig.Empty with
    {
        Identity = new IdentityConfig { JwtIssuers = [new JwtIssuerConfig { Name = "corp", Issuer = "https://id.example", HmacSecret = "SECRET-hmac-0123456789abcdef0123456789" }] },
        Certificates = [new CertificateConfig { Name = "site", Pkcs12File = "/etc/site.pfx", Password = "SECRET-pfx" }],
        Clients =
        [
            new OutboundClientConfig
            {
                Id = "feed",
                Url = "wss://bot:SECRET-userinfo@feed.example/auth/bot/SECRET-urlauth/stream",
                Host = "feed.example",
                Path = "/auth/bot/SECRET-path/stream?x=1",
                Basic = new BasicAuthConfig { Username = "bot", Password = "SECRET-basic" },
                Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer SECRET-header", ["X-Trace"] = "SECRET-trace" },
            },
        ],
        Rules =
        [
            new RuleConfig
            {
                Id = "hook",
                Trigger = new TriggerConfig { Client = "feed" },
                Actions = [new ActionConfig { Type = ActionType.Webhook, Url = "https://ops:SECRET-webhook@hooks.example/in", Headers = new Dictionary<string, string> { ["X-Key"] = "SECRET-action" } }],
            },
        ],
        Analytics = new AnalyticsConfig { Otlp = new OtlpConfig { Endpoint = "https://otel:SECRET-otlp@collector.example/v1/metrics", Headers = new Dictionary<string, string> { ["api-key"] = "SECRET-otlp-header" } } },
    };
}
