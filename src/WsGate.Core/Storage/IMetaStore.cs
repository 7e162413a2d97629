namespace WsGate.Storage;

/// <summary>Small facts about the server itself, such as whether first-start seeding has run.</summary>
public interface IMetaStore
{
    Task<string?> GetMetaAsync(string key, CancellationToken cancellationToken = default);

    Task SetMetaAsync(string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Every entry whose key starts with <paramref name="prefix"/>, in key order.</summary>
    Task<IReadOnlyList<KeyValuePair<string, string>>> ListMetaAsync(string prefix, CancellationToken cancellationToken = default);
}
