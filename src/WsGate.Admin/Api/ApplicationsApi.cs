using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Admin.Security;
using WsGate.Configuration.Apis;
using WsGate.Identity;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>
/// Applications, their keys per environment and their subscriptions (WSO2's API Store). Subscribers see and change only
/// their own; admins see all.
/// </summary>
public static class ApplicationsApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/applications").WithTags("Applications");
        group.MapGet("/", async (HttpContext context, string? owner, IIdentityStore store, ConfigManager config) =>
        {
            var principal = AdminPrincipal.Require(context);
            var scope = principal.IsAdmin || principal.Has(Roles.Operator) ? owner : principal.Username;
            var views = new List<ApplicationView>();
            foreach (var application in await store.ListApplicationsAsync(scope, context.RequestAborted))
            {
                views.Add(await ApplicationView.LoadAsync(application, store, config.Current, context.RequestAborted));
            }

            return views;
        })
            .WithSummary("List applications: subscribers their own, admins and operators anyone's (optionally one owner's)");

        group.MapPost("/", async (HttpRequest request, IdentityService identity, IIdentityStore store, ConfigManager config) =>
        {
            var principal = AdminPrincipal.Require(request.HttpContext);
            var body = await RequestBody.ReadAsync<ApplicationRequest>(request);
            var owner = body.Owner ?? principal.Username;
            if (!string.Equals(owner, principal.Username, StringComparison.OrdinalIgnoreCase))
            {
                if (!principal.IsAdmin)
                {
                    return AdminProblems.BadField("owner", "only admins create applications for other users");
                }

                if (await store.FindUserAsync(owner, request.HttpContext.RequestAborted) is null)
                {
                    return AdminProblems.BadField("owner", $"no user '{owner}'");
                }
            }

            var application = await identity.CreateApplicationAsync(owner, body.Name, body.Description, body.CallbackUrls, request.HttpContext.RequestAborted);
            return Results.Created($"/api/v1/applications/{application.Id}", await ApplicationView.LoadAsync(application, store, config.Current, request.HttpContext.RequestAborted));
        })
            .WithSummary("Create an application (admins may create one for another user)")
            .ReadsJson<ApplicationRequest>()
            .Produces<ApplicationView>(StatusCodes.Status201Created);

        group.MapGet("/{id}", async (string id, HttpContext context, IIdentityStore store, ConfigManager config) =>
            await FindOwnedAsync(id, context, store) is { } application
                ? Results.Ok(await ApplicationView.LoadAsync(application, store, config.Current, context.RequestAborted))
                : AdminProblems.NotFound($"no application '{id}'"))
            .WithSummary("Get an application with its keys and subscriptions")
            .Produces<ApplicationView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{id}", async (string id, HttpRequest request, IIdentityStore store, IdentityService identity, ConfigManager config) =>
        {
            if (await FindOwnedAsync(id, request.HttpContext, store) is null)
            {
                return AdminProblems.NotFound($"no application '{id}'");
            }

            var body = await RequestBody.ReadAsync<ApplicationRequest>(request);
            if (body.Name is not null || body.Owner is not null)
            {
                return AdminProblems.BadField(body.Name is not null ? "name" : "owner", "cannot be changed; only description and callbackUrls can");
            }

            var updated = await identity.UpdateApplicationAsync(id, body.Description, body.CallbackUrls, request.HttpContext.RequestAborted);
            return updated is null
                ? AdminProblems.NotFound($"no application '{id}'")
                : Results.Ok(await ApplicationView.LoadAsync(updated, store, config.Current, request.HttpContext.RequestAborted));
        })
            .WithSummary("Change an application's description or callback URLs (the list given replaces the old one)")
            .ReadsJson<ApplicationRequest>()
            .Produces<ApplicationView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{id}", async (string id, HttpContext context, IIdentityStore store, IdentityService identity) =>
        {
            if (await FindOwnedAsync(id, context, store) is null)
            {
                return AdminProblems.NotFound($"no application '{id}'");
            }

            await identity.DeleteApplicationAsync(id, context.RequestAborted);
            return Results.NoContent();
        })
            .WithSummary("Delete an application with its keys, tokens and subscriptions")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/keys/{environment}", async (string id, string environment, HttpContext context, IIdentityStore store, IdentityService identity) =>
        {
            if (await FindOwnedAsync(id, context, store) is null)
            {
                return AdminProblems.NotFound($"no application '{id}'");
            }

            if (!Enum.TryParse<BackendEnvironment>(environment, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return AdminProblems.BadField("environment", "must be production or sandbox");
            }

            var keys = await identity.GenerateKeysAsync(id, parsed, context.RequestAborted);
            return Results.Created($"/api/v1/applications/{id}", new GeneratedKeysView(
                keys.ApplicationId,
                parsed.ToName(),
                keys.ConsumerKey,
                keys.ConsumerSecret,
                keys.ApiKey,
                "the consumer secret and the API key are shown only now; WsGate keeps only their hashes"));
        })
            .WithSummary("Generate (or regenerate) an application's keys for production or sandbox")
            .Produces<GeneratedKeysView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

        group.MapPost("/{id}/subscriptions", async (string id, HttpRequest request, IIdentityStore store, IdentityService identity) =>
        {
            if (await FindOwnedAsync(id, request.HttpContext, store) is null)
            {
                return AdminProblems.NotFound($"no application '{id}'");
            }

            var body = await RequestBody.ReadAsync<SubscriptionRequest>(request);
            var subscription = await identity.SubscribeAsync(id, body.ApiId, body.Tier, request.HttpContext.RequestAborted);
            return Results.Created($"/api/v1/applications/{id}/subscriptions/{subscription.ApiId}", subscription);
        })
            .WithSummary("Subscribe an application to an API under one of the tiers the API offers")
            .ReadsJson<SubscriptionRequest>()
            .Produces<StoredSubscription>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

        group.MapDelete("/{id}/subscriptions/{apiId}", async (string id, string apiId, HttpContext context, IIdentityStore store, IdentityService identity) =>
        {
            if (await FindOwnedAsync(id, context, store) is null)
            {
                return AdminProblems.NotFound($"no application '{id}'");
            }

            return await identity.UnsubscribeAsync(id, apiId, context.RequestAborted)
                ? Results.NoContent()
                : AdminProblems.NotFound($"application '{id}' is not subscribed to '{apiId}'");
        })
            .WithSummary("Unsubscribe an application from an API")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The application when it exists and the caller may see it; others' applications look like missing ones.</summary>
    private static async Task<StoredApplication?> FindOwnedAsync(string id, HttpContext context, IIdentityStore store)
    {
        var principal = AdminPrincipal.Require(context);
        var application = await store.FindApplicationAsync(id, context.RequestAborted);
        return application is not null && (principal.IsAdmin || principal.Has(Roles.Operator) || string.Equals(application.Owner, principal.Username, StringComparison.OrdinalIgnoreCase))
            ? application
            : null;
    }
}
