using WsGate.Configuration.Rules;

namespace WsGate.Configuration.Validation;

/// <summary>Clients, rules and bridges of a whole configuration: each on its own, then ids and HTTP paths across them.</summary>
public static class OutboundValidator
{
    public static void Validate(GatewayConfig config, GatewayConfig references, ErrorSink errors)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < config.Clients.Count; i++)
        {
            var at = errors.At($"clients[{i}]");
            OutboundClientValidator.Validate(config.Clients[i], references, at);
            if (!ids.Add(config.Clients[i].Id))
            {
                at.Add("id", $"another client has the id '{config.Clients[i].Id}' (ids are case-insensitive)");
            }
        }

        ids.Clear();
        var claimed = new Dictionary<(string Listener, string Path), List<(string Method, string Rule)>>();
        for (var i = 0; i < config.Rules.Count; i++)
        {
            var rule = config.Rules[i];
            var at = errors.At($"rules[{i}]");
            RuleValidator.Validate(rule, references, at);
            if (!ids.Add(rule.Id))
            {
                at.Add("id", $"another rule has the id '{rule.Id}' (ids are case-insensitive)");
            }

            // One rule answers a path and method on a listener; a rule without a method answers every method.
            if (rule.Enabled && rule.Trigger is { Type: TriggerType.HttpRequest, Listener: { } listener, Path: { } path })
            {
                var method = rule.Trigger.Method?.ToUpperInvariant() ?? "*";
                var key = (listener.ToUpperInvariant(), path.Length > 1 ? path.TrimEnd('/').ToUpperInvariant() : path);
                if (!claimed.TryGetValue(key, out var owners))
                {
                    claimed[key] = owners = [];
                }

                var clash = owners.FirstOrDefault(o => o.Method == "*" || method == "*" || o.Method == method);
                if (clash.Rule is not null)
                {
                    at.Add("trigger.path", $"{path} on listener '{listener}' is already answered by rule '{clash.Rule}'");
                }

                owners.Add((method, rule.Id));
            }
        }

        ids.Clear();
        for (var i = 0; i < config.Bridges.Count; i++)
        {
            var at = errors.At($"bridges[{i}]");
            BridgeValidator.Validate(config.Bridges[i], references, at);
            if (!ids.Add(config.Bridges[i].Id))
            {
                at.Add("id", $"another bridge has the id '{config.Bridges[i].Id}' (ids are case-insensitive)");
            }
        }
    }
}
