using WsGate.Admin.Console.Listeners;
using WsGate.Configuration.Rules;

namespace WsGate.Admin.Console.Rules;

/// <summary>
/// The rule form: a trigger (type, one source, HTTP path, a text match) and a few action rows, covering the common rules
/// (a message on a client or channel that contains a text, then publish, send or call a webhook). Settings the form does
/// not show (webhook headers, timeouts and retries, respond status, close code) are kept from the saved rule.
/// </summary>
public sealed class RuleForm
{
    public const int BlankActionRows = 2;

    public string? Id { get; set; }

    public string? Name { get; set; }

    public bool Enabled { get; set; } = true;

    public TriggerType TriggerType { get; set; }

    public SourceKind SourceKind { get; set; }

    /// <summary>The client id, API id, endpoint path or channel name, as <see cref="SourceKind"/> says.</summary>
    public string? Source { get; set; }

    public string? Listener { get; set; }

    public string? Path { get; set; }

    public string? Method { get; set; }

    public string? Contains { get; set; }

    public string? Regex { get; set; }

    public string? Property { get; set; }

    public string? Value { get; set; }

    public List<ActionRow> Actions { get; set; } = [];

    public IReadOnlyCollection<string> FieldNames =>
    [
        nameof(Id), nameof(Name), nameof(Enabled), nameof(TriggerType), nameof(Source), nameof(Listener), nameof(Path), nameof(Method),
        nameof(Contains), nameof(Regex), nameof(Property), nameof(Value), nameof(Actions),
        .. Actions.SelectMany((_, i) => FormErrors.Under<ActionRow>($"Actions[{i}]").Prepend($"Actions[{i}]")),
    ];

    public static RuleForm From(RuleConfig rule)
    {
        var trigger = rule.Trigger;
        var (kind, source) = trigger switch
        {
            { Api: { } api } => (SourceKind.Api, api),
            { Endpoint: { } endpoint } => (SourceKind.Endpoint, endpoint),
            { Channel: { } channel } => (SourceKind.Channel, channel),
            _ => (SourceKind.Client, trigger.Client),
        };
        return new RuleForm
        {
            Id = rule.Id,
            Name = rule.Name,
            Enabled = rule.Enabled,
            TriggerType = trigger.Type,
            SourceKind = kind,
            Source = source,
            Listener = trigger.Listener,
            Path = trigger.Path,
            Method = trigger.Method,
            Contains = trigger.Match?.Contains,
            Regex = trigger.Match?.Regex,
            Property = trigger.Match?.Property,
            Value = trigger.Match?.Value,
            Actions = rule.Actions.Select(ActionRow.From).ToList(),
        };
    }

    /// <summary>Adds empty action rows to type new actions into.</summary>
    public RuleForm WithBlankRows()
    {
        Actions = Actions.Where(a => a.Type is not null).ToList();
        for (var i = 0; i < BlankActionRows; i++)
        {
            Actions.Add(new ActionRow());
        }

        return this;
    }

    /// <summary>
    /// The rule this form describes, on top of <paramref name="existing"/>. <paramref name="rows"/> maps each action's index
    /// in the result back to its row on the form (rows without a type are left out).
    /// </summary>
    public RuleConfig ToConfig(RuleConfig? existing, out IReadOnlyList<int> rows)
    {
        var kept = Actions.Select((a, i) => (Row: a, Index: i)).Where(a => a.Row.Type is not null).ToList();
        rows = kept.Select(a => a.Index).ToList();
        var baseline = existing ?? new RuleConfig();
        var http = TriggerType == TriggerType.HttpRequest;
        var source = ListenerForm.Blank(Source);
        var match = MatchFields.ToConfig(Contains, Regex, Property, Value, baseline.Trigger.Match?.RegexTimeoutMs ?? MatchConfig.DefaultRegexTimeoutMs);
        return baseline with
        {
            Id = existing?.Id ?? Id?.Trim() ?? "",
            Name = ListenerForm.Blank(Name),
            Enabled = Enabled,
            Trigger = new TriggerConfig
            {
                Type = TriggerType,
                Client = !http && SourceKind == SourceKind.Client ? source : null,
                Api = !http && SourceKind == SourceKind.Api ? source : null,
                Endpoint = !http && SourceKind == SourceKind.Endpoint ? source : null,
                Channel = !http && SourceKind == SourceKind.Channel ? source : null,
                Listener = ListenerForm.Blank(Listener),
                Path = ListenerForm.Blank(Path),
                Method = ListenerForm.Blank(Method),
                Match = match,
            },
            Actions = kept.Select(a => a.Row.ToConfig()).ToList(),
        };
    }

    /// <summary>
    /// Config paths to the form's inputs: the trigger's source fields to the one source input, match fields to theirs, and
    /// <c>actions[1]</c> of the rule to the row it came from.
    /// </summary>
    public static string Rename(string path, IReadOnlyList<int> rows)
    {
        if (path.StartsWith("actions[", StringComparison.Ordinal))
        {
            var close = path.IndexOf(']', StringComparison.Ordinal);
            if (int.TryParse(path["actions[".Length..close], out var index) && index < rows.Count)
            {
                // A field keeps its name on the row (actions[2].timeoutMs); headers.X lands on the row's headers input.
                return $"actions[{rows[index]}]" + path[(close + 1)..];
            }
        }

        return path switch
        {
            "trigger" or "trigger.client" or "trigger.api" or "trigger.endpoint" or "trigger.channel" => "source",
            "trigger.type" => "triggerType",
            "trigger.match" or "trigger.match.contains" => "contains",
            "trigger.match.regexTimeoutMs" => "regex",
            _ when path.StartsWith("trigger.match.", StringComparison.Ordinal) => path["trigger.match.".Length..],
            _ when path.StartsWith("trigger.", StringComparison.Ordinal) => path["trigger.".Length..],
            _ => path,
        };
    }
}
