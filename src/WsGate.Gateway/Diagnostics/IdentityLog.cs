using Microsoft.Extensions.Logging;

namespace WsGate.Diagnostics;

/// <summary>Identity messages; event IDs 1300-1399 are stable. No credential is ever a parameter.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(1300, LogLevel.Information, "Connection {ConnectionId} closed with 1008: {Reason}")]
    public static partial void CredentialRevoked(ILogger logger, string connectionId, string reason);

    [LoggerMessage(1302, LogLevel.Warning, "{Target} accepts URL authentication, which is insecure: passwords travel in the URL and land in browser history and proxy logs")]
    public static partial void UrlAuthenticationEnabled(ILogger logger, string target);

    [LoggerMessage(1303, LogLevel.Debug, "Deleted {Count} access tokens, refresh tokens and authorization codes that expired more than a day ago")]
    public static partial void ExpiredTokensDeleted(ILogger logger, int count);

    [LoggerMessage(1310, LogLevel.Warning, "A rotated-away refresh token of application {ApplicationId} was presented again: every token of grant {FamilyId} is revoked")]
    public static partial void RefreshTokenReused(ILogger logger, string applicationId, string familyId);

    [LoggerMessage(1311, LogLevel.Warning, "An authorization code of application {ApplicationId} was presented a second time: every token of grant {FamilyId} is revoked")]
    public static partial void CodeReused(ILogger logger, string applicationId, string familyId);
}
