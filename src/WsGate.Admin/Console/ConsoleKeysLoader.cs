using Microsoft.Extensions.Hosting;

namespace WsGate.Admin.Console;

/// <summary>
/// Loads the console's data-protection keys from the store before the framework's own hosted service reads them
/// synchronously at start, and on stop waits for new keys to be written (see <see cref="StoreKeyRepository"/>).
/// Registered as the first hosted service.
/// </summary>
public sealed class ConsoleKeysLoader(StoreKeyRepository keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => keys.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => keys.FlushAsync().WaitAsync(cancellationToken);
}
