namespace WsGate.Configuration.Validation;

/// <summary>
/// The one place a whole configuration is checked. Every change, from the admin API or an import,
/// produces a complete snapshot that passes through here before anything is persisted or applied.
/// </summary>
public static class ConfigValidator
{
    /// <summary>
    /// Validates <paramref name="config"/>. When <paramref name="focusListenerId"/> is given (an admin API change to one
    /// listener), errors about that listener are reported relative to it (<c>bindings[0]</c>) rather than to the document.
    /// </summary>
    public static IReadOnlyList<ConfigError> Validate(GatewayConfig config, string? focusListenerId = null, string? focusCertificate = null, string? focusApiId = null) =>
        Validate(config, config, focusListenerId, focusCertificate, focusApiId);

    /// <summary>
    /// Validates <paramref name="config"/>, resolving the names it refers to (certificates, listeners) in
    /// <paramref name="references"/>: an imported document may name objects the server already has.
    /// </summary>
    public static IReadOnlyList<ConfigError> Validate(GatewayConfig config, GatewayConfig references, string? focusListenerId = null, string? focusCertificate = null, string? focusApiId = null)
    {
        var errors = new ErrorSink();
        IdentityValidator.Validate(config.Identity, errors.At("identity"));
        ThrottlingValidator.ValidateTiers(config.Tiers, errors.At("tiers"));
        AnalyticsValidator.Validate(config.Analytics, errors.At("analytics"));

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < config.Certificates.Count; i++)
        {
            var certificate = config.Certificates[i];
            var at = Focus(errors, $"certificates[{i}]", string.Equals(certificate.Name, focusCertificate, StringComparison.OrdinalIgnoreCase));
            CertificateValidator.Validate(certificate, at);
            if (!names.Add(certificate.Name))
            {
                at.Add("name", $"another certificate is named '{certificate.Name}'");
            }

            if (certificate.Default && config.Certificates.Take(i).FirstOrDefault(c => c.Default) is { } first)
            {
                at.Add("default", $"certificate '{first.Name}' is already the default; only one can be");
            }
        }

        var ids = new Dictionary<string, ListenerConfig>(StringComparer.OrdinalIgnoreCase);
        var aliases = new Dictionary<string, ListenerConfig>(StringComparer.OrdinalIgnoreCase);
        var claimed = new List<(BindAddress Binding, ListenerConfig Owner)>();
        for (var i = 0; i < config.Listeners.Count; i++)
        {
            var listener = config.Listeners[i];
            var at = Focus(errors, $"listeners[{i}]", string.Equals(listener.Id, focusListenerId, StringComparison.OrdinalIgnoreCase));
            ValidateListener(listener, references, at);

            if (!ids.TryAdd(listener.Id, listener))
            {
                at.Add("id", $"another listener has the id '{listener.Id}' (ids are case-insensitive)");
            }

            if (listener.Alias is not null && !aliases.TryAdd(listener.Alias, listener))
            {
                at.Add("alias", $"listener '{aliases[listener.Alias].Id}' already has the alias '{listener.Alias}'");
            }

            // Two enabled listeners cannot claim the same socket; a disabled one may share it so that
            // operators can keep an alternative definition ready.
            if (!listener.Enabled)
            {
                continue;
            }

            for (var b = 0; b < listener.Bindings.Count; b++)
            {
                if (!BindAddress.TryParse(listener.Bindings[b], out var binding, out _))
                {
                    continue;
                }

                var clash = claimed.FirstOrDefault(c => c.Owner != listener && c.Binding.Overlaps(binding));
                if (clash.Owner is not null)
                {
                    at.Add($"bindings[{b}]", $"{listener.Bindings[b]} is already bound by listener '{clash.Owner.Id}'");
                }

                claimed.Add((binding, listener));
            }
        }

        ValidateApis(config, references, errors, focusApiId);
        OutboundValidator.Validate(config, references, errors);
        return errors.Errors;
    }

    public static void ThrowIfInvalid(GatewayConfig config, string? focusListenerId = null, string? focusCertificate = null, string? focusApiId = null)
    {
        var errors = Validate(config, focusListenerId, focusCertificate, focusApiId);
        if (errors.Count > 0)
        {
            throw new ConfigValidationException(errors);
        }
    }

    /// <summary>
    /// The rules of one object on its own, as a body sent to the admin API holds it: the checks that need the rest of the
    /// configuration (clashing ids, paths or bindings) run when the change is made. <paramref name="references"/> resolves
    /// the names the object refers to; without it only a whole configuration is checked (against itself).
    /// </summary>
    public static IReadOnlyList<ConfigError> ValidateFragment(object value, GatewayConfig? references, string pathPrefix = "")
    {
        var root = new ErrorSink();
        var at = pathPrefix.Length == 0 ? root : root.At(pathPrefix);
        switch (value)
        {
            case GatewayConfig config:
                return pathPrefix.Length == 0 ? Validate(config, references ?? config) : [];
            case ListenerConfig listener when references is not null:
                ValidateListener(listener, references, at);
                break;
            case Apis.ApiConfig api when references is not null:
                ValidateApi(api, references, at);
                break;
            case CertificateConfig certificate:
                CertificateValidator.Validate(certificate, at);
                break;
            case Outbound.OutboundClientConfig client when references is not null:
                OutboundClientValidator.Validate(client, references, at);
                break;
            case Throttling.TierConfig tier:
                ThrottlingValidator.ValidateTier(tier, at);
                break;
            case Analytics.AnalyticsConfig analytics:
                AnalyticsValidator.Validate(analytics, at);
                break;
            case Rules.RuleConfig rule when references is not null:
                RuleValidator.Validate(rule, references, at);
                break;
            case Rules.BridgeConfig bridge when references is not null:
                BridgeValidator.Validate(bridge, references, at);
                break;
            case Captures.CaptureRequest capture when references is not null:
                CaptureRequestValidator.Validate(capture, references, at);
                break;
        }

        return root.Errors;
    }

    /// <summary>
    /// Each API's own rules, then its paths against every other route on the same listener: another API's paths and the
    /// listener's own endpoints. Paths compare case-insensitively, as requests are matched.
    /// </summary>
    private static void ValidateApis(GatewayConfig config, GatewayConfig references, ErrorSink errors, string? focusApiId)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var routes = new Dictionary<(string Listener, string Path), string>();
        foreach (var listener in config.Listeners)
        {
            foreach (var endpoint in listener.Endpoints)
            {
                routes.TryAdd((listener.Id.ToUpperInvariant(), Normalize(endpoint.Path)), $"endpoint {endpoint.Path} of listener '{listener.Id}'");
            }
        }

        for (var i = 0; i < config.Apis.Count; i++)
        {
            var api = config.Apis[i];
            var at = Focus(errors, $"apis[{i}]", string.Equals(api.Id, focusApiId, StringComparison.OrdinalIgnoreCase));
            ValidateApi(api, references, at);
            if (!ids.Add(api.Id))
            {
                at.Add("id", $"another API has the id '{api.Id}' (ids are case-insensitive)");
            }

            if (api.Lifecycle == Apis.ApiLifecycle.Retired)
            {
                continue;
            }

            foreach (var listenerId in api.Listeners.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                foreach (var path in api.Paths())
                {
                    var key = (listenerId.ToUpperInvariant(), Normalize(path));
                    if (!routes.TryAdd(key, $"API '{api.Id}'"))
                    {
                        var field = path.EndsWith("/" + api.Version, StringComparison.Ordinal) ? "version" : "isDefaultVersion";
                        at.Add(field == "version" ? "context" : field, $"{path} on listener '{listenerId}' is already served by {routes[key]}");
                    }
                }
            }
        }
    }

    /// <summary>One listener's own rules, in a whole configuration and in a body on its own alike.</summary>
    private static void ValidateListener(ListenerConfig listener, GatewayConfig references, ErrorSink at)
    {
        ListenerValidator.Validate(listener, references, at);
        ValidateThrottling(listener, at);
    }

    /// <summary>One API's own rules, in a whole configuration and in a body on its own alike.</summary>
    private static void ValidateApi(Apis.ApiConfig api, GatewayConfig references, ErrorSink at)
    {
        ApiValidator.Validate(api, references, at);
        ThrottlingValidator.ValidateThrottling(api.Throttling, at.At("throttling"));
    }

    private static void ValidateThrottling(ListenerConfig listener, ErrorSink at)
    {
        ThrottlingValidator.ValidateThrottling(listener.Throttling, at.At("throttling"));
        for (var e = 0; e < listener.Endpoints.Count; e++)
        {
            if (listener.Endpoints[e].OutboundQueue is { } queue)
            {
                ThrottlingValidator.ValidateQueue(queue, at.At($"endpoints[{e}].outboundQueue"));
            }
        }
    }

    private static string Normalize(string path) => (path.Length > 1 ? path.TrimEnd('/') : path).ToUpperInvariant();

    private static ErrorSink Focus(ErrorSink root, string path, bool focused) => focused ? root : root.At(path);
}
