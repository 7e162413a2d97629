using Microsoft.Extensions.Logging;

namespace WsGate.Diagnostics;

/// <summary>Identity messages; event IDs 1300-1399 are stable. No credential is ever a parameter.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(1300, LogLevel.Information, "Connection {ConnectionId} closed with 1008: {Reason}")]
    public static partial void CredentialRevoked(ILogger logger, string connectionId, string reason);

    [LoggerMessage(1301, LogLevel.Information, "Handshake on {Target} refused: {Code}")]
    public static partial void Refused(ILogger logger, string target, string code);

    [LoggerMessage(1302, LogLevel.Warning, "Listener {ListenerId} accepts URL authentication: passwords travel in the URL")]
    public static partial void UrlAuthenticationEnabled(ILogger logger, string listenerId);
}
