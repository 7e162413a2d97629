using WsGate.Admin.Console.Listeners;
using WsGate.Configuration.Rules;

namespace WsGate.Admin.Console.Rules;

/// <summary>
/// The four text inputs a form gives a message match (contains, regex, JSON property, value), as the rule form and the
/// mock reply rows both have them: one conversion, so the same typed text means the same match on both pages.
/// </summary>
public static class MatchFields
{
    /// <summary>
    /// The match the inputs describe, or null when none is filled. <paramref name="contains"/> and <paramref name="value"/>
    /// are kept as typed (their spaces can matter); the regex and the property path are trimmed.
    /// </summary>
    public static MatchConfig? ToConfig(string? contains, string? regex, string? property, string? value, int regexTimeoutMs)
    {
        var match = new MatchConfig
        {
            Contains = string.IsNullOrEmpty(contains) ? null : contains,
            Regex = ListenerForm.Blank(regex),
            Property = ListenerForm.Blank(property),
            Value = string.IsNullOrEmpty(value) ? null : value,
            RegexTimeoutMs = regexTimeoutMs,
        };
        return match is { Contains: null, Regex: null, Property: null, Value: null } ? null : match;
    }
}
