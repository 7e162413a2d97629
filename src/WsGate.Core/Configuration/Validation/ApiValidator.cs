using System.Text.RegularExpressions;
using WsGate.AsyncApi;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Rules;

namespace WsGate.Configuration.Validation;

/// <summary>Checks one API on its own; route clashes across APIs and listener endpoints are checked by <see cref="ConfigValidator"/>.</summary>
public static partial class ApiValidator
{
    public static void Validate(ApiConfig api, GatewayConfig config, ErrorSink errors)
    {
        if (!Identifiers.IsValidId(api.Id))
        {
            errors.Add("id", string.IsNullOrEmpty(api.Id) ? Identifiers.IdRequired : Identifiers.IdRule);
        }

        if (string.IsNullOrWhiteSpace(api.Name) || api.Name.Length > 255)
        {
            errors.Add("name", "is required, at most 255 characters");
        }

        if (!ListenerValidator.IsValidPath(api.Context) || api.Context == "/")
        {
            errors.Add("context", "must begin with '/' and name at least one segment of letters, digits and - _ . ~ (for example /chat)");
        }

        if (string.IsNullOrEmpty(api.Version) || !VersionPattern().IsMatch(api.Version))
        {
            errors.Add("version", "must be 1-64 characters of letters, digits, '.', '_' or '-' (for example v1 or 1.0.0)");
        }

        if (api.Description is { Length: > 4096 })
        {
            errors.Add("description", "must be at most 4096 characters");
        }

        if (!Enum.IsDefined(api.Lifecycle))
        {
            errors.Add("lifecycle", "must be created, prototyped, published, deprecated or retired");
        }

        if (!Enum.IsDefined(api.RelayMode))
        {
            errors.Add("relayMode", "must be frames or stream");
        }

        for (var i = 0; i < api.Listeners.Count; i++)
        {
            if (config.FindListener(api.Listeners[i]) is null)
            {
                errors.Add($"listeners[{i}]", $"no listener '{api.Listeners[i]}'");
            }
        }

        if (api.Listeners.Count == 0 && api.Lifecycle.AcceptsConnections())
        {
            errors.Add("listeners", $"a {api.Lifecycle.ToString().ToLowerInvariant()} API must be published on at least one listener");
        }

        ValidateTiers(api, config, errors);
        ValidateGroup(api.Endpoints.Production, errors.At("endpoints.production"));
        ValidateGroup(api.Endpoints.Sandbox, errors.At("endpoints.sandbox"));
        if (api.Routing is not null)
        {
            RoutingValidator.Validate(api, errors.At("routing"));
        }

        if (api.MessageSchema is not null)
        {
            MessageSchemaValidator.Validate(api.MessageSchema, api.RelayMode, errors.At("messageSchema"));
        }

        if (api.Lifecycle == ApiLifecycle.Published && api.Routing is null && api.Endpoints.Production.Urls.Count == 0 && api.Endpoints.Sandbox.Urls.Count == 0)
        {
            errors.Add("endpoints.production.urls", "a published API needs at least one production or sandbox endpoint");
        }

        ValidateAsyncApi(api.AsyncApi, errors);
        ValidateMock(api, config, errors);
        if (string.IsNullOrWhiteSpace(api.EnvironmentHeader) || !HttpNames.IsToken(api.EnvironmentHeader))
        {
            errors.Add("environmentHeader", "must be an HTTP header name");
        }

        if (api.ConnectTimeoutMs is < 1 or > 300_000)
        {
            errors.Add("connectTimeoutMs", "must be from 1 to 300000 milliseconds");
        }

        ValidateTls(api.BackendTls, config, errors.At("backendTls"));
        ValidatePolicies(api.Policies, errors.At("policies"));
        ValidateLimits(api.Limits, errors.At("limits"));
        ValidateHealth(api.HealthCheck, errors.At("healthCheck"));
        if (api.Authentication is not null)
        {
            AuthenticationValidator.Validate(api.Authentication, config, errors.At("authentication"));
        }
    }

    /// <summary>
    /// The mock's templates and matches, checked as the rules they compile into are; a prototyped API must have something
    /// to answer with: a mock reply or greeting, or an enabled rule of its own.
    /// </summary>
    private static void ValidateMock(ApiConfig api, GatewayConfig config, ErrorSink errors)
    {
        var mock = api.Mock;
        if (mock is not null)
        {
            if (mock.Greeting is not null && !MessageTemplate.TryParse(mock.Greeting, out _, out var greetingError))
            {
                errors.Add("mock.greeting", greetingError);
            }

            for (var i = 0; i < mock.Replies.Count; i++)
            {
                var reply = mock.Replies[i];
                if (reply is null)
                {
                    errors.Add($"mock.replies[{i}]", "must be an object with match and reply");
                    continue;
                }

                if (reply.Match is not null)
                {
                    RuleValidator.ValidateMatch(reply.Match, errors.At($"mock.replies[{i}].match"));
                }

                if (string.IsNullOrEmpty(reply.Reply))
                {
                    errors.Add($"mock.replies[{i}].reply", "is required: the message sent back (a template such as {\"echo\": {{messageJson}}})");
                }
                else if (!MessageTemplate.TryParse(reply.Reply, out _, out var replyError))
                {
                    errors.Add($"mock.replies[{i}].reply", replyError);
                }
            }
        }

        var hasRule = config.Rules.Any(r => r.Enabled && string.Equals(r.Trigger.Api, api.Id, StringComparison.OrdinalIgnoreCase));
        if (api.Lifecycle == ApiLifecycle.Prototyped && mock is not { Greeting: not null } && mock is not { Replies.Count: > 0 } && !hasRule)
        {
            errors.Add("mock", "a prototyped API needs mock replies (mock.replies), a greeting (mock.greeting) or an enabled rule with trigger.api '" + api.Id + "' to answer its clients");
        }
    }

    /// <summary>A stored AsyncAPI document must still read, so that an export can give it back; each problem keeps its JSON path.</summary>
    private static void ValidateAsyncApi(string? document, ErrorSink errors)
    {
        if (document is null)
        {
            return;
        }

        try
        {
            AsyncApiReader.Read(document);
        }
        catch (ConfigValidationException ex)
        {
            foreach (var error in ex.Errors)
            {
                errors.Add("asyncApi", error.ToString());
            }
        }
    }

    /// <summary>Every tier an API offers must exist, once: a subscription names the tier it was given.</summary>
    private static void ValidateTiers(ApiConfig api, GatewayConfig config, ErrorSink errors)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var j = 0; j < api.Tiers.Count; j++)
        {
            var name = api.Tiers[j];
            if (config.FindTier(name) is null)
            {
                errors.Add($"tiers[{j}]", $"no tier '{name}' (tiers: {string.Join(", ", config.Tiers.Select(t => t.Name))})");
            }
            else if (!seen.Add(name))
            {
                errors.Add($"tiers[{j}]", $"tier '{name}' is listed twice");
            }
        }
    }

    private static void ValidateGroup(BackendGroupConfig group, ErrorSink errors)
    {
        if (!Enum.IsDefined(group.Strategy))
        {
            errors.Add("strategy", "must be roundRobin or failover");
        }

        for (var i = 0; i < group.Urls.Count; i++)
        {
            if (!BackendUrl.TryNormalize(group.Urls[i], out _, out var error))
            {
                errors.Add($"urls[{i}]", error);
            }
        }
    }

    internal static void ValidateTls(BackendTlsConfig tls, GatewayConfig config, ErrorSink errors)
    {
        if (tls.CaBundleFile is not null && !File.Exists(tls.CaBundleFile))
        {
            errors.Add("caBundleFile", $"{tls.CaBundleFile}: file not found");
        }

        if (tls.ClientCertificate is not null && config.FindCertificate(tls.ClientCertificate) is null)
        {
            errors.Add("clientCertificate", $"no certificate named '{tls.ClientCertificate}'");
        }

        if (tls.SniOverride is not null && Uri.CheckHostName(tls.SniOverride) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            errors.Add("sniOverride", "must be a host name");
        }
    }

    private static void ValidatePolicies(HandshakePolicyConfig policies, ErrorSink errors)
    {
        for (var i = 0; i < policies.AllowedOrigins.Count; i++)
        {
            var origin = policies.AllowedOrigins[i];
            if (origin != "null" && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || origin.EndsWith('/')))
            {
                errors.Add($"allowedOrigins[{i}]", $"'{origin}' is not an origin such as https://app.example.com");
            }
        }

        ValidateHeaders(policies.RequiredHeaders, "requiredHeaders", errors);
        ValidateHeaders(policies.ForwardHeaders, "forwardHeaders", errors);
        for (var i = 0; i < policies.RequiredQuery.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(policies.RequiredQuery[i]))
            {
                errors.Add($"requiredQuery[{i}]", "must be a query parameter name");
            }
        }

        if (policies.HandshakesPerSecond < 0 || double.IsNaN(policies.HandshakesPerSecond) || double.IsInfinity(policies.HandshakesPerSecond))
        {
            errors.Add("handshakesPerSecond", "must be 0 (unlimited) or a positive rate");
        }

        if (policies.HandshakeBurst < 0)
        {
            errors.Add("handshakeBurst", "must be 0 (the rate) or positive");
        }
    }

    private static void ValidateHeaders(IReadOnlyList<string> headers, string field, ErrorSink errors)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (!HttpNames.IsToken(headers[i]))
            {
                errors.Add($"{field}[{i}]", $"'{headers[i]}' is not an HTTP header name");
            }
        }
    }

    private static void ValidateLimits(ApiLimitsConfig limits, ErrorSink errors)
    {
        if (limits.MaxMessageSize < 0)
        {
            errors.Add("maxMessageSize", "must be 0 (the listener's) or a positive number of bytes");
        }

        if (limits.IdleTimeoutMs < 0)
        {
            errors.Add("idleTimeoutMs", "must be 0 (the listener's) or positive");
        }

        if (limits.BackendIdleTimeoutMs < 0)
        {
            errors.Add("backendIdleTimeoutMs", "must be 0 (no limit) or positive");
        }

        if (limits.MaxConnectionDurationMs < 0)
        {
            errors.Add("maxConnectionDurationMs", "must be 0 (unlimited) or positive");
        }

        if (limits.MaxConnections < 0)
        {
            errors.Add("maxConnections", "must be 0 (unlimited) or positive");
        }
    }

    private static void ValidateHealth(HealthCheckConfig health, ErrorSink errors)
    {
        if (health.IntervalMs < 100)
        {
            errors.Add("intervalMs", "must be at least 100 milliseconds");
        }

        if (health.TimeoutMs < 1)
        {
            errors.Add("timeoutMs", "must be positive");
        }

        if (health.UnhealthyThreshold < 1)
        {
            errors.Add("unhealthyThreshold", "must be at least 1");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex VersionPattern();
}
