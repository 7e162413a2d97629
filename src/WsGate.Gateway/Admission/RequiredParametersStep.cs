using Microsoft.AspNetCore.Http;

namespace WsGate.Admission;

/// <summary>Headers and query parameters an API requires on the handshake.</summary>
public sealed class RequiredParametersStep : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context)
    {
        if (context.Api?.Config.Policies is not { } policies)
        {
            return ValueTask.FromResult<HandshakeRejection?>(null);
        }

        var request = context.Http.Request;
        var missingHeader = policies.RequiredHeaders.FirstOrDefault(h => string.IsNullOrEmpty(request.Headers[h]));
        if (missingHeader is not null)
        {
            return Reject($"the header '{missingHeader}' is required");
        }

        var missingQuery = policies.RequiredQuery.FirstOrDefault(q => string.IsNullOrEmpty(request.Query[q]));
        return missingQuery is not null ? Reject($"the query parameter '{missingQuery}' is required") : ValueTask.FromResult<HandshakeRejection?>(null);
    }

    private static ValueTask<HandshakeRejection?> Reject(string detail) =>
        ValueTask.FromResult<HandshakeRejection?>(new HandshakeRejection(StatusCodes.Status400BadRequest, "Missing required parameter", detail));
}
