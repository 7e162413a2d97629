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

    [LoggerMessage(1310, LogLevel.Information, "Operating-system sign-in of {User} refused by PAM service {Service}: {Reason}")]
    public static partial void SystemAccountRefused(ILogger logger, string user, string service, string reason);

    [LoggerMessage(1311, LogLevel.Error, "Operating-system accounts cannot be checked: {Reason}")]
    public static partial void SystemAccountsUnavailable(ILogger logger, string reason);

    [LoggerMessage(1320, LogLevel.Warning, "Forward authentication endpoint {Url} did not answer: {Reason}; handshake refused with {Status}")]
    public static partial void ForwardEndpointFailed(ILogger logger, string url, string reason, int status);

    [LoggerMessage(1321, LogLevel.Warning, "Forward authentication endpoint {Url} answered {EndpointStatus}; handshake refused with {Status}")]
    public static partial void ForwardEndpointError(ILogger logger, string url, int endpointStatus, int status);

    [LoggerMessage(1330, LogLevel.Warning, "A rotated-away refresh token of application {ApplicationId} was presented again: every token of grant {FamilyId} is revoked")]
    public static partial void RefreshTokenReused(ILogger logger, string applicationId, string familyId);

    [LoggerMessage(1331, LogLevel.Warning, "An authorization code of application {ApplicationId} was presented a second time: every token of grant {FamilyId} is revoked")]
    public static partial void CodeReused(ILogger logger, string applicationId, string familyId);
}
