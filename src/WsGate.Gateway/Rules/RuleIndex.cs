using WsGate.Configuration;
using WsGate.Configuration.Rules;

namespace WsGate.Rules;

/// <summary>
/// Which sources some enabled rule or bridge listens to, for the hot path's one question: is anybody interested? Built
/// once per configuration; lookups are a hash set probe.
/// </summary>
public sealed class RuleIndex
{
    private readonly HashSet<(TriggerType Trigger, RuleSource Source, string Id)> _listening = new(RuleSourceComparer.Instance);
    private readonly Dictionary<(string Listener, string Path), List<(string? Method, string Rule)>> _http = [];

    public static RuleIndex Empty { get; } = new(GatewayConfig.Empty);

    public RuleIndex(GatewayConfig config)
    {
        foreach (var rule in config.Rules.Where(r => r.Enabled))
        {
            var trigger = rule.Trigger;
            if (trigger.Type == TriggerType.HttpRequest)
            {
                if (trigger.Listener is not null && trigger.Path is not null)
                {
                    var key = (trigger.Listener.ToUpperInvariant(), NormalizePath(trigger.Path));
                    if (!_http.TryGetValue(key, out var list))
                    {
                        _http[key] = list = [];
                    }

                    list.Add((trigger.Method, rule.Id));
                }

                continue;
            }

            if (SourceOf(trigger) is { } source)
            {
                _listening.Add((trigger.Type, source.Kind, source.Id));
            }
        }

        foreach (var bridge in config.Bridges.Where(b => b.Enabled))
        {
            if (bridge.Direction != BridgeDirection.ChannelToClient)
            {
                _listening.Add((TriggerType.Message, RuleSource.Client, bridge.Client));
            }

            if (bridge.Direction != BridgeDirection.ClientToChannel)
            {
                _listening.Add((TriggerType.Message, RuleSource.Channel, bridge.Channel));
            }
        }
    }

    public bool IsEmpty => _listening.Count == 0;

    public bool Listens(TriggerType trigger, RuleSource source, string id) =>
        _listening.Count != 0 && _listening.Contains((trigger, source, id));

    /// <summary>The rule that answers <paramref name="method"/> <paramref name="path"/> on a listener, if one claimed it.</summary>
    public string? HttpRuleFor(string listenerId, string path, string method)
    {
        if (_http.Count == 0 || !_http.TryGetValue((listenerId.ToUpperInvariant(), NormalizePath(path)), out var rules))
        {
            return null;
        }

        foreach (var (ruleMethod, rule) in rules)
        {
            if (ruleMethod is null || string.Equals(ruleMethod, method, StringComparison.OrdinalIgnoreCase))
            {
                return rule;
            }
        }

        return null;
    }

    public static (RuleSource Kind, string Id)? SourceOf(TriggerConfig trigger) => trigger switch
    {
        { Client: { } client } => (RuleSource.Client, client),
        { Api: { } api } => (RuleSource.Api, api),
        { Endpoint: { } endpoint } => (RuleSource.Endpoint, endpoint),
        { Channel: { } channel } => (RuleSource.Channel, channel),
        _ => null,
    };

    /// <summary>
    /// Ids compare case-insensitively, endpoint paths too (as requests are routed) and without a trailing slash; channel
    /// names are exact. The lookup set compares this way without allocating; this form is for comparing two keys.
    /// </summary>
    public static string Key(RuleSource source, string id) => source switch
    {
        RuleSource.Channel => id,
        RuleSource.Endpoint => NormalizePath(id),
        _ => id.ToUpperInvariant(),
    };

    private static string NormalizePath(string path) => (path.Length > 1 ? path.TrimEnd('/') : path).ToUpperInvariant();
}
