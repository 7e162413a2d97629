using Microsoft.AspNetCore.Http;
using WsGate.Configuration.Apis;

namespace WsGate.Admission;

/// <summary>
/// Which of an API's environments (production, sandbox) the backend comes from: an application's key decides; otherwise
/// the API's environment header, production by default. Content-routed APIs pick backends per message instead.
/// </summary>
public sealed class EnvironmentStep : IAdmissionStep
{
    public ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context)
    {
        if (context.Api?.Config is not { } api)
        {
            return ValueTask.FromResult<HandshakeRejection?>(null);
        }

        if (context.Principal.Environment is { } keyEnvironment)
        {
            context.Environment = keyEnvironment;
            return ValueTask.FromResult<HandshakeRejection?>(null);
        }

        if (api.Routing is not null && api.RelayMode == RelayMode.Frames)
        {
            context.Environment = BackendEnvironment.Production;
            return ValueTask.FromResult<HandshakeRejection?>(null);
        }

        var value = context.Http.Request.Headers[api.EnvironmentHeader].ToString();
        BackendEnvironment environment;
        if (value.Length == 0 || value.Equals("production", StringComparison.OrdinalIgnoreCase))
        {
            environment = BackendEnvironment.Production;
        }
        else if (value.Equals("sandbox", StringComparison.OrdinalIgnoreCase))
        {
            environment = BackendEnvironment.Sandbox;
        }
        else
        {
            return ValueTask.FromResult<HandshakeRejection?>(new HandshakeRejection(
                StatusCodes.Status400BadRequest, "Unknown environment", $"{api.EnvironmentHeader} must be production or sandbox, not '{value}'"));
        }

        // A prototype dials no backend: either environment is answered by its mock.
        if (api.Lifecycle != ApiLifecycle.Prototyped && api.Endpoints.For(environment).Urls.Count == 0)
        {
            return ValueTask.FromResult<HandshakeRejection?>(new HandshakeRejection(
                StatusCodes.Status503ServiceUnavailable, "Environment not available", $"API '{api.Id}' has no {environment.ToName()} endpoints"));
        }

        context.Environment = environment;
        return ValueTask.FromResult<HandshakeRejection?>(null);
    }
}
