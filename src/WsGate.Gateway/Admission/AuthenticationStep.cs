using WsGate.Configuration.Apis;
using WsGate.Identity;
using WsGate.Management;
using WsGate.Routing;
using WsGate.Storage;

namespace WsGate.Admission;

/// <summary>
/// Authenticates the handshake with the API's settings (or its listener's, and for built-in endpoints always the
/// listener's). For an application's credential to an API it then requires a subscription, takes the subscription's tier
/// and checks that the key's environment has endpoints: a sandbox key never reaches production.
/// </summary>
public sealed class AuthenticationStep(ConnectionAuthenticator authenticator, IIdentityStore store, LiveConfig live) : IAdmissionStep
{
    public async ValueTask<HandshakeRejection?> AdmitAsync(AdmissionContext context)
    {
        var api = context.Api?.Config;
        var settings = api?.Authentication ?? context.Listener.Config.Authentication;
        var aborted = context.Http.RequestAborted;
        var result = await authenticator.AuthenticateAsync(context.Http, settings, live.Current.Identity, aborted);
        if (result.Failure is { } failure)
        {
            return failure.ToRejection();
        }

        var principal = result.Principal!;
        if (api is not null && principal.IsApplication)
        {
            var subscriptions = await store.ListSubscriptionsAsync(principal.ApplicationId, api.Id, aborted);
            if (api.SubscriptionRequired && subscriptions.Count == 0)
            {
                return AuthFailure.Forbidden("not_subscribed", $"the application is not subscribed to API '{api.Id}'").ToRejection();
            }

            // The subscription's tier sets the connection's limits (throttling).
            context.Tier = subscriptions.Count > 0 ? subscriptions[0].Tier : null;

            var environment = principal.Environment ?? BackendEnvironment.Production;
            if (api.Endpoints.For(environment).Urls.Count == 0)
            {
                return AuthFailure.Forbidden(
                    "environment_not_available",
                    $"a {environment.ToName()} credential cannot reach API '{api.Id}', which has no {environment.ToName()} endpoints").ToRejection();
            }
        }

        context.Principal = principal;
        context.Trace?.Identified(principal);
        return null;
    }
}
