using System.Text.RegularExpressions;
using WsGate.Configuration;
using WsGate.Configuration.Rules;

namespace WsGate.Rules;

/// <summary>A rule ready to run: its regular expression compiled, its property path and templates parsed once.</summary>
public sealed class CompiledRule
{
    public CompiledRule(RuleConfig config, RuleStats stats, bool prototypeOnly = false)
    {
        Config = config;
        Stats = stats;
        PrototypeOnly = prototypeOnly;
        var match = config.Trigger.Match;
        if (match?.Regex is { } pattern)
        {
            Regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(match.RegexTimeoutMs));
        }

        if (match?.Property is { } property)
        {
            Property = JsonPropertyPath.Parse(property);
        }

        Source = RuleIndex.SourceOf(config.Trigger) is { } source ? (source.Kind, RuleIndex.Key(source.Kind, source.Id)) : null;
        Bodies = config.Actions.Select(a => MessageTemplate.Parse(a.Body ?? ActionConfig.DefaultBody)).ToArray();
        Headers = config.Actions.Select(a => a.Headers.Select(h => (h.Key, MessageTemplate.Parse(h.Value))).ToArray()).ToArray();
    }

    public RuleConfig Config { get; }

    public RuleStats Stats { get; }

    /// <summary>A mock reply of an API (<see cref="Configuration.Apis.MockConfig"/>): it answers prototype connections only.</summary>
    public bool PrototypeOnly { get; }

    public string Id => Config.Id;

    public Regex? Regex { get; }

    public JsonPropertyPath? Property { get; }

    public (RuleSource Kind, string Key)? Source { get; }

    /// <summary>Each action's body template, by action index.</summary>
    public MessageTemplate[] Bodies { get; }

    public (string Name, MessageTemplate Value)[][] Headers { get; }
}
