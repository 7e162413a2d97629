using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using WsGate.Configuration.Validation;

namespace WsGate.Admin.Console;

/// <summary>
/// Puts the engine's field errors next to the form fields they concern. The validators name config paths relative to the
/// object being changed (<c>endpoints[1].path</c>); a form names its inputs after the same properties in PascalCase
/// (<c>Form.Endpoints[1].Path</c>). A path without its own input goes to the nearest enclosing one that has it
/// (<c>bindings[1]</c> to the Bindings text area), and one with none to the form's summary.
/// </summary>
public static partial class FormErrors
{
    public static void Add(ModelStateDictionary state, ConfigValidationException exception, string prefix, IReadOnlyCollection<string> fields, Func<string, string>? rename = null)
    {
        foreach (var error in exception.Errors)
        {
            Add(state, error, prefix, fields, rename);
        }
    }

    /// <summary>
    /// Adds one error. <paramref name="rename"/> turns a config path into the form's own (an error on
    /// <c>authentication.modes</c> belongs to the form's <c>AuthModes</c> checkboxes).
    /// </summary>
    public static void Add(ModelStateDictionary state, ConfigError error, string prefix, IReadOnlyCollection<string> fields, Func<string, string>? rename = null)
    {
        var key = FieldName(rename?.Invoke(error.Path) ?? error.Path);
        for (var candidate = key; candidate.Length > 0; candidate = Parent(candidate))
        {
            if (fields.Contains(candidate, StringComparer.OrdinalIgnoreCase))
            {
                var rest = key[candidate.Length..].TrimStart('.');
                var message = rest.Length == 0 ? error.Message
                    : LineIndex().Match(rest) is { Success: true } line ? $"line {int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) + 1}: {error.Message}"
                    : $"{rest}: {error.Message}";
                state.AddModelError(prefix.Length == 0 ? candidate : prefix + "." + candidate, message);
                return;
            }
        }

        state.AddModelError("", error.ToString());
    }

    /// <summary>Input names under <paramref name="prefix"/>: <c>Limits</c> and <c>MaxConnections</c> give <c>Limits.MaxConnections</c>.</summary>
    public static IEnumerable<string> Under(string prefix, IEnumerable<string> names) => names.Select(n => prefix + "." + n);

    /// <summary>The input names of a form section bound to <typeparamref name="T"/>: one per settable property.</summary>
    public static IEnumerable<string> Under<T>(string prefix) =>
        Under(prefix, typeof(T).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name));

    /// <summary><c>endpoints[1].path</c> becomes <c>Endpoints[1].Path</c>.</summary>
    public static string FieldName(string path)
    {
        var chars = path.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 0 || chars[i - 1] == '.')
            {
                chars[i] = char.ToUpperInvariant(chars[i]);
            }
        }

        return new string(chars);
    }

    private static string Parent(string key)
    {
        var cut = Math.Max(key.LastIndexOf('.'), key.LastIndexOf('['));
        return cut <= 0 ? "" : key[..cut];
    }

    /// <summary>An error on one entry of a list the form shows as lines of a text area (<c>[1]</c> is its second line).</summary>
    [GeneratedRegex(@"^\[(\d+)\]$")]
    private static partial Regex LineIndex();
}
