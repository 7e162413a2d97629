using System.Text.Json.Nodes;

namespace WsGate.Configuration.Secrets;

/// <summary>
/// One secret string found in a configuration's JSON: its config path, the object and property (or dictionary entry)
/// that hold it, its kind, and the value at the same place in a second configuration when one is walked alongside.
/// </summary>
public sealed record SecretHit(string Path, JsonObject Parent, string Name, string Value, SecretKind Kind, string? Parallel)
{
    public void Replace(string value) => Parent[Name] = value;
}
