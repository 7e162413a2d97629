namespace WsGate.Admin.Console;

/// <summary>HTTP headers as a form's text area shows them: one <c>Name: value</c> per line.</summary>
public static class HeaderLines
{
    /// <summary>Parses the lines; a line without a colon is a header with an empty value, blank lines are skipped.</summary>
    public static Dictionary<string, string> Parse(string? text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in Listeners.ListenerForm.Lines(text))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? line.Trim() : line[..colon].Trim();
            headers[name] = colon < 0 ? "" : line[(colon + 1)..].Trim();
        }

        return headers;
    }

    public static string Format(IReadOnlyDictionary<string, string> headers) =>
        string.Join('\n', headers.Select(h => $"{h.Key}: {h.Value}"));
}
