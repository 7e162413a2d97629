using WsGate.Configuration.Apis;
using WsGate.Identity;
using WsGate.Routing;
using WsGate.Storage;

namespace WsGate.Policies;

/// <summary>
/// Authenticates the handshake with the API's settings (or its listener's), then, for applications, requires a
/// subscription to the API and endpoints for the key's environment: a sandbox key never reaches production.
/// </summary>
public sealed class AuthenticationPolicy(ConnectionAuthenticator authenticator, IIdentityStore store, ApiManager apis) : IHandshakePolicy
{
    public async ValueTask<HandshakeRejection?> CheckAsync(HandshakeContext context)
    {
        var api = context.Api.Config;
        var settings = api.Authentication ?? context.Listener.Config.Authentication;
        var result = await authenticator.AuthenticateAsync(context.Http, settings, apis.Config.Identity, context.Http.RequestAborted);
        if (result.Failure is { } failure)
        {
            return failure.ToRejection();
        }

        var principal = result.Principal!;
        if (principal.IsApplication)
        {
            var subscriptions = await store.ListSubscriptionsAsync(principal.ApplicationId, api.Id, context.Http.RequestAborted);
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
        return null;
    }
}
