namespace WsGate.Storage;

public interface IUserStore
{
    Task<StoredUser?> FindUserAsync(string username, CancellationToken cancellationToken = default);

    Task<int> CountUsersAsync(CancellationToken cancellationToken = default);

    Task CreateUserAsync(StoredUser user, CancellationToken cancellationToken = default);
}
