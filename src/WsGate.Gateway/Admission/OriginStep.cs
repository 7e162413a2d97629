using Microsoft.AspNetCore.Http;

namespace WsGate.Admission;

/// <summary>
/// An API's Origin allowlist against cross-site WebSocket hijacking: browsers always send Origin on a WebSocket handshake
/// (RFC 6455 section 10.2), so a page from another site cannot ride the user's cookies into the API.
/// </summary>
public sealed class OriginStep : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context)
    {
        var allowed = context.Api?.Config.Policies.AllowedOrigins;
        if (allowed is null || allowed.Count == 0)
        {
            return ValueTask.FromResult<HandshakeRejection?>(null);
        }

        var origin = context.Http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && allowed.Any(a => string.Equals(a, origin, StringComparison.OrdinalIgnoreCase)))
        {
            return ValueTask.FromResult<HandshakeRejection?>(null);
        }

        return ValueTask.FromResult<HandshakeRejection?>(new HandshakeRejection(
            StatusCodes.Status403Forbidden,
            "Origin not allowed",
            origin.Length == 0 ? "this API requires an Origin header from an allowed site" : $"origin '{origin}' is not allowed to open this API"));
    }
}
