using Microsoft.OpenApi;

namespace WsGate.Admin.OpenApi;

/// <summary>
/// A query parameter or header that a handler reads from the request itself (to tell a bad value apart by its name),
/// which the OpenAPI generator cannot see; optional, a string, with its allowed values or format when it has them.
/// </summary>
public sealed record HandReadParameter(string Name, ParameterLocation Location, string Description, IReadOnlyList<string>? Values = null, string? Format = null)
{
    public static HandReadParameter Query(string name, string description, IReadOnlyList<string>? values = null, string? format = null) =>
        new(name, ParameterLocation.Query, description, values, format);

    public static HandReadParameter Header(string name, string description) => new(name, ParameterLocation.Header, description);
}
