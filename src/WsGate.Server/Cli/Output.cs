using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace WsGate.Server.Cli;

/// <summary>Tables for people, JSON for scripts (<c>--json</c>).</summary>
internal static class Output
{
    // Terminals and scripts read this, never a browser: no HTML-safe escaping of '+', '<', '>', '&' or non-ASCII text.
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The same on one line, for a value inside a table cell.</summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Print(ParseResult parse, JsonElement value, params (string Header, Func<JsonElement, string?> Cell)[] columns)
    {
        if (parse.GetValue(RemoteOptions.Json) || columns.Length == 0)
        {
            Console.WriteLine(JsonSerializer.Serialize(value, Indented));
            return;
        }

        var rows = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (header, _) in columns)
        {
            table.AddColumn(new TableColumn(header));
        }

        foreach (var row in rows)
        {
            table.AddRow(columns.Select(c => Markup.Escape(c.Cell(row) ?? "")).ToArray());
        }

        AnsiConsole.Write(table);
        if (rows.Count == 0)
        {
            AnsiConsole.MarkupLine("[grey](none)[/]");
        }
    }

    public static string? Str(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Array => string.Join(", ", element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.ToString())),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => element.ToString(),
        };
    }

    /// <summary>
    /// A listener's or API's <c>authentication</c> in one cell: its modes, then where passwords are checked when not only
    /// WsGate's users (<c>accounts=system (pam wsgate)</c>), the forward endpoint and the allowed groups.
    /// </summary>
    public static string? Authentication(JsonElement config)
    {
        if (!config.TryGetProperty("authentication", out var auth) || auth.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = new List<string> { Str(auth, "modes") ?? "" };
        if (Str(auth, "accounts") is { } accounts && !accounts.Equals("wsGate", StringComparison.OrdinalIgnoreCase))
        {
            parts.Add($"accounts={accounts} (pam {Str(auth, "pamService")})");
        }

        if (Str(auth, "forward", "url") is { } forward)
        {
            parts.Add("forward=" + forward);
        }

        if (Str(auth, "groups") is { Length: > 0 } groups)
        {
            parts.Add("groups=" + groups);
        }

        return string.Join("; ", parts);
    }
}
