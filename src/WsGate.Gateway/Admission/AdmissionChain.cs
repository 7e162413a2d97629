using Microsoft.Extensions.Logging;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Http;
using WsGate.Identity;
using WsGate.Management;
using WsGate.Routing;
using WsGate.Storage;
using WsGate.Throttling;

namespace WsGate.Admission;

/// <summary>
/// The one way in for every WebSocket, built-in endpoints and APIs alike: the steps below, in this order, each able to
/// refuse with a problem+json body before any upgrade and before any backend is dialled, and each able to take a lease
/// that the connection's lifetime gives back. Cheap and client-side checks come first; identity before the limits that
/// depend on who the client is; connection slots last, so a refusal never holds one. A listener with worker limits
/// runs the steps after its own request checks in one of its work slots.
/// </summary>
public sealed class AdmissionChain
{
    internal static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly IAdmissionStep[] _steps;
    private readonly ILogger<AdmissionChain> _logger;

    public AdmissionChain(
        ConnectionRegistry registry,
        ConnectionAuthenticator authenticator,
        IIdentityStore identities,
        LiveConfig live,
        ThrottleService throttles,
        ILogger<AdmissionChain> logger)
    {
        _logger = logger;
        _steps =
        [
            new DrainingStep(registry),
            new ListenerRequestStep(),
            new WorkerSlotStep(),
            new TargetStep(),
            new HandshakeStep(),
            new LifecycleStep(),
            new OriginStep(),
            new RequiredParametersStep(),
            new AuthenticationStep(authenticator, identities, live),
            new HandshakeRateStep(),
            new EnvironmentStep(),
            new ConnectionCapStep(throttles),
            new ListenerCapStep(),
            new ApiCapStep(),
        ];
    }

    /// <summary>The steps in the order they run (the connection-path diagram in docs/gateway.md is drawn from it).</summary>
    public IReadOnlyList<IAdmissionStep> Steps => _steps;

    /// <summary>Runs every step; on a refusal writes it, gives back what was taken and returns false.</summary>
    public async ValueTask<bool> AdmitAsync(AdmissionContext context)
    {
        HandshakeRejection? refused = null;
        try
        {
            foreach (var step in _steps)
            {
                if (await step.AdmitAsync(context) is { } rejection)
                {
                    refused = rejection;
                    break;
                }
            }
        }
        finally
        {
            // A worker slot covers admission only; the refusal is written, and the connection runs, without it.
            context.EndWork();
        }

        if (refused is not null)
        {
            context.Dispose();
            await RefuseAsync(context, refused);
            return false;
        }

        return true;
    }

    /// <summary>Refuses a handshake (also after admission, when no backend accepted it), counted for its API.</summary>
    public Task RefuseAsync(AdmissionContext context, HandshakeRejection rejection)
    {
        if (context.Api is { } api)
        {
            api.CountRejected();
            ForwardingLog.Refused(_logger, api.Id, rejection.Status, rejection.Detail);
        }

        return HandshakeProblem.WriteAsync(context.Http, rejection);
    }
}
