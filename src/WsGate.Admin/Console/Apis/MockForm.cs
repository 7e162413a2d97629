using WsGate.Admin.Console.Rules;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Rules;

namespace WsGate.Admin.Console.Apis;

/// <summary>
/// The mock of a prototyped API on the API form: the greeting and one row per scripted reply (its match conditions and
/// reply template), plus an empty row to add one. A row left wholly empty is dropped.
/// </summary>
public sealed class MockForm
{
    public string? Greeting { get; set; }

    public List<MockReplyForm> Replies { get; set; } = [];

    /// <summary>Input names of <paramref name="rows"/> reply rows, for errors such as <c>mock.replies[1].match.regex</c>.</summary>
    public static IEnumerable<string> FieldsUnder(string prefix, int rows) =>
        [
            prefix, prefix + ".Greeting", prefix + ".Replies",
            .. Enumerable.Range(0, rows).SelectMany(i => FormErrors.Under<MockReplyForm>($"{prefix}.Replies[{i}]")),
        ];

    public static MockForm From(MockConfig? mock) => new()
    {
        Greeting = mock?.Greeting,
        Replies = [.. (mock?.Replies ?? []).Select(r => new MockReplyForm
        {
            Contains = r.Match?.Contains,
            Regex = r.Match?.Regex,
            Property = r.Match?.Property,
            Value = r.Match?.Value,
            Reply = r.Reply,
            RegexTimeoutMs = r.Match?.RegexTimeoutMs ?? MatchConfig.DefaultRegexTimeoutMs,
        })],
    };

    /// <summary>The mock, or null when it has neither greeting nor replies; each row keeps its own regex timeout.</summary>
    public MockConfig? ToConfig(MockConfig? existing)
    {
        // Empty rows go first, so the validator's reply indices are the rows the page shows again.
        Replies.RemoveAll(r => r.IsEmpty);
        var replies = Replies.Select(row => new MockReplyConfig
        {
            Match = MatchFields.ToConfig(row.Contains, row.Regex, row.Property, row.Value, row.RegexTimeoutMs),
            Reply = row.Reply ?? "",
        }).ToList();
        var greeting = string.IsNullOrEmpty(Greeting) ? null : Greeting;
        return greeting is null && replies.Count == 0 ? null : (existing ?? new MockConfig()) with { Greeting = greeting, Replies = replies };
    }

    /// <summary>Config paths of the mock to the row inputs: a reply's match conditions sit on the row itself, its regex timeout (hidden) on the regex.</summary>
    public static string Rename(string path) =>
        path.Replace(".match.regexTimeoutMs", ".regex", StringComparison.Ordinal).Replace(".match.", ".", StringComparison.Ordinal);
}
