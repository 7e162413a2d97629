using System.Text.RegularExpressions;

namespace WsGate.Configuration.Validation;

/// <summary>The identifier rules shared by every named object (RoboTask server and client IDs, webMethods aliases).</summary>
public static partial class Identifiers
{
    /// <summary>Letters, digits and underscore, beginning with a letter or underscore.</summary>
    public static bool IsValidId(string? value) => value is { Length: > 0 and <= 64 } && IdPattern().IsMatch(value);

    /// <summary>1-255 characters of letters, digits, underscore, period and hyphen.</summary>
    public static bool IsValidAlias(string? value) => value is { Length: > 0 and <= 255 } && AliasPattern().IsMatch(value);

    public const string IdRule = "must be 1-64 letters, digits or underscores and begin with a letter or underscore";
    /// <summary>
    /// For an object with no id where one is checked: in a configuration document (an import must give the same result on
    /// every server) or once created. Only a create through the admin API, console or CLI assigns one (<see cref="DefaultIds"/>).
    /// </summary>
    public const string IdRequired = "is required: a configuration document names every id (only a create through the admin API, console or CLI assigns the next free one)";
    public const string AliasRule = "must be 1-255 characters of letters, digits, '_', '.' or '-'";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex AliasPattern();
}
