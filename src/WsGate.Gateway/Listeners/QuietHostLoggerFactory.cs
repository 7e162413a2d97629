using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WsGate.Listeners;

/// <summary>
/// The logger factory a listener's own host runs with: everything as the server's, except the generic host's
/// "Hosting failed to start", which carries the whole bind stack trace. <see cref="ListenerManager"/> already reports a
/// listener that cannot bind in one line naming the listener and the address, and the other listeners carry on.
/// </summary>
internal sealed class QuietHostLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    public ILogger CreateLogger(string categoryName) =>
        string.Equals(categoryName, HostCategory, StringComparison.Ordinal) ? NullLogger.Instance : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The server owns the inner factory and disposes it.
    public void Dispose()
    {
    }
}
