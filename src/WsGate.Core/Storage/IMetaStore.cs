namespace WsGate.Storage;

/// <summary>Small facts about the server itself, such as whether first-start seeding has run.</summary>
public interface IMetaStore
{
    Task<string?> GetMetaAsync(string key, CancellationToken cancellationToken = default);

    Task SetMetaAsync(string key, string value, CancellationToken cancellationToken = default);
}
