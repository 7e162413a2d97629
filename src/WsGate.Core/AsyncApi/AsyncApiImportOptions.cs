namespace WsGate.AsyncApi;

/// <summary>
/// What the caller of an import may decide instead of the document: the API's id (the API to update when it exists) and,
/// for a new API, its context. Left out, both come from <c>info.title</c> (see <see cref="AsyncApiImporter"/>).
/// </summary>
public sealed record AsyncApiImportOptions
{
    public string? Id { get; init; }

    public string? Context { get; init; }
}
