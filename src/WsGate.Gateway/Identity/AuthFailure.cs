using Microsoft.AspNetCore.Http;
using WsGate.Admission;

namespace WsGate.Identity;

/// <summary>
/// A refused credential: 401 (or 403 when the credential is fine but not allowed here) with a stable reason code; 502
/// or 503 when the service that decides (the forward mode's endpoint) failed, which never admits.
/// </summary>
public sealed record AuthFailure(int Status, string Code, string Detail, TimeSpan? RetryAfter = null)
{
    public static AuthFailure Unauthorized(string code, string detail, TimeSpan? retryAfter = null) => new(StatusCodes.Status401Unauthorized, code, detail, retryAfter);

    public static AuthFailure Forbidden(string code, string detail) => new(StatusCodes.Status403Forbidden, code, detail);

    public HandshakeRejection ToRejection() => new(
        Status,
        Status switch
        {
            StatusCodes.Status401Unauthorized => "Authentication failed",
            StatusCodes.Status403Forbidden => "Not allowed",
            _ => "Authentication unavailable",
        },
        $"{Code}: {Detail}",
        RetryAfter,
        new Dictionary<string, string> { ["X-WsGate-Reason"] = Code });
}
