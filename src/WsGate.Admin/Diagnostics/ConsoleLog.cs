using Microsoft.Extensions.Logging;

namespace WsGate.Admin.Diagnostics;

/// <summary>Web console and portal messages; event IDs 1800-1899 are stable. No password or secret is ever a parameter.</summary>
internal static partial class ConsoleLog
{
    [LoggerMessage(1800, LogLevel.Information, "Console sign-in of {User} from {Remote}")]
    public static partial void SignedIn(ILogger logger, string user, string? remote);

    [LoggerMessage(1801, LogLevel.Information, "Console sign-in refused for {User} from {Remote}: {Reason}")]
    public static partial void SignInRefused(ILogger logger, string user, string? remote, string reason);

    [LoggerMessage(1802, LogLevel.Information, "Console sign-out of {User}")]
    public static partial void SignedOut(ILogger logger, string user);

    [LoggerMessage(1803, LogLevel.Information, "Console session of {User} ended: the user is disabled, deleted or has no role")]
    public static partial void SessionRevoked(ILogger logger, string user);

    [LoggerMessage(1804, LogLevel.Warning, "Console keys not refreshed from the store, the loaded ones are used: {Reason}")]
    public static partial void KeysNotRefreshed(ILogger logger, string reason);

    [LoggerMessage(1805, LogLevel.Warning, "Console key {Key} not saved to the store: sessions it signs end with this process and other nodes do not accept them: {Reason}")]
    public static partial void KeyNotSaved(ILogger logger, string key, string reason);

    [LoggerMessage(1806, LogLevel.Information, "Developer portal: {User} signed in for the first time and got the application {Application} ({Id})")]
    public static partial void DefaultApplicationCreated(ILogger logger, string user, string application, string id);

    [LoggerMessage(1807, LogLevel.Information, "Developer portal: {User} signed in for the first time and already has an application named {Application}; none was added")]
    public static partial void DefaultApplicationExisted(ILogger logger, string user, string application);
}
