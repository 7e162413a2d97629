using System.Text;

namespace WsGate.Configuration.Rules;

/// <summary>
/// A text with <c>{{field}}</c> placeholders, checked when the rule is saved so a misspelt field is refused rather than
/// rendered empty. Fields are <see cref="Fields"/>, <c>http.query.NAME</c>, <c>http.header.NAME</c> and JSON property
/// paths of the message such as <c>{{$.user.name}}</c>.
/// </summary>
public sealed class MessageTemplate
{
    /// <summary>The fixed field names a template may use.</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "message", "messageJson", "rule", "trigger", "source", "sourceId", "connectionId", "time",
        "closeStatus", "closeReason", "http.method", "http.path", "http.query", "http.body",
    ];

    private readonly (string? Literal, string? Field)[] _parts;

    private MessageTemplate(string text, (string?, string?)[] parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    /// <summary>True when the template is only <c>{{message}}</c>: the message passes through unchanged (binary stays binary).</summary>
    public bool IsMessageOnly => _parts is [(null, "message")];

    public static bool TryParse(string text, out MessageTemplate template, out string error)
    {
        template = null!;
        var parts = new List<(string?, string?)>();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add((text[i..], null));
                break;
            }

            if (open > i)
            {
                parts.Add((text[i..open], null));
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{{{{' at position {open} is not closed with '}}}}'";
                return false;
            }

            var field = text[(open + 2)..close].Trim();
            if (!IsKnown(field))
            {
                error = $"unknown template field '{field}'; use one of {string.Join(", ", Fields)}, http.query.NAME, http.header.NAME or a JSON path such as $.type";
                return false;
            }

            parts.Add((null, field));
            i = close + 2;
        }

        template = new MessageTemplate(text, [.. parts]);
        error = "";
        return true;
    }

    public static MessageTemplate Parse(string text) =>
        TryParse(text, out var template, out var error) ? template : throw new FormatException(error);

    /// <summary>Replaces each field with what <paramref name="resolve"/> gives for it (nothing for null).</summary>
    public string Render(Func<string, string?> resolve)
    {
        if (_parts.Length == 1 && _parts[0].Literal is { } only)
        {
            return only;
        }

        var builder = new StringBuilder();
        foreach (var (literal, field) in _parts)
        {
            builder.Append(literal ?? resolve(field!));
        }

        return builder.ToString();
    }

    private static bool IsKnown(string field) =>
        Fields.Contains(field, StringComparer.Ordinal)
        || (field.StartsWith("http.query.", StringComparison.Ordinal) && field.Length > "http.query.".Length)
        || (field.StartsWith("http.header.", StringComparison.Ordinal) && field.Length > "http.header.".Length)
        || JsonPropertyPath.TryParse(field, out _);
}
