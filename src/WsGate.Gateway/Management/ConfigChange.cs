using System.Text.Json.Nodes;

namespace WsGate.Management;

/// <summary>
/// One field (or one whole listener, API, ...) that differs between two configurations: <c>added</c>, <c>removed</c>
/// or <c>changed</c>, with the values before and after, secrets masked.
/// </summary>
/// <param name="Path">Where, with list items named by id: <c>listeners[public].bindings</c>.</param>
public sealed record ConfigChange(string Path, string Kind, JsonNode? Before, JsonNode? After)
{
    public const string Added = "added";
    public const string Removed = "removed";
    public const string Changed = "changed";
}
