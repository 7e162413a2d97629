using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Admin.Security;
using WsGate.Identity;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>Users with their roles and groups, and groups. Passwords go in, never out.</summary>
public static class UsersApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var users = admin.MapGroup("/api/v1/users").WithTags("Users");
        users.MapGet("/", async (IIdentityStore store, CancellationToken ct) => (await store.ListUsersAsync(ct)).Select(UserView.From))
            .WithSummary("List users with their roles and groups");

        users.MapGet("/{username}", async (string username, IIdentityStore store, CancellationToken ct) =>
            await store.FindUserAsync(username, ct) is { } user ? Results.Ok(UserView.From(user)) : AdminProblems.NotFound($"no user '{username}'"))
            .WithSummary("Get a user")
            .Produces<UserView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        users.MapPost("/", async (HttpRequest request, IdentityService identity) =>
        {
            var body = await RequestBody.ReadAsync<UserRequest>(request);
            var user = await identity.CreateUserAsync(body.Username, body.Password, body.Roles, body.Groups, body.Description, body.Enabled ?? true, request.HttpContext.RequestAborted);
            return Results.Created($"/api/v1/users/{user.Username}", UserView.From(user));
        })
            .WithSummary("Create a user")
            .ReadsJson<UserRequest>()
            .Produces<UserView>(StatusCodes.Status201Created);

        users.MapPatch("/{username}", async (string username, HttpRequest request, IdentityService identity, IIdentityStore store) =>
        {
            var body = await RequestBody.ReadAsync<UserRequest>(request);
            if (body.Username is not null && !string.Equals(body.Username, username, StringComparison.OrdinalIgnoreCase))
            {
                return AdminProblems.BadField("username", "a user cannot be renamed");
            }

            if (await WouldRemoveLastAdminAsync(store, username, body.Roles, body.Enabled, request.HttpContext.RequestAborted))
            {
                return AdminProblems.Conflict("this change would leave no enabled admin");
            }

            var updated = await identity.UpdateUserAsync(username, body.Password, body.Roles, body.Groups, body.Description, body.Enabled, request.HttpContext.RequestAborted);
            return updated is null ? AdminProblems.NotFound($"no user '{username}'") : Results.Ok(UserView.From(updated));
        })
            .WithSummary("Change a user's password, roles, groups, description or enabled state (fields left out stay)")
            .ReadsJson<UserRequest>()
            .Produces<UserView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        users.MapDelete("/{username}", async (string username, HttpContext context, IdentityService identity, IIdentityStore store) =>
        {
            if (string.Equals(AdminPrincipal.Require(context).Username, username, StringComparison.OrdinalIgnoreCase))
            {
                return AdminProblems.Conflict("you cannot delete yourself");
            }

            if (await WouldRemoveLastAdminAsync(store, username, [], false, context.RequestAborted))
            {
                return AdminProblems.Conflict("this would leave no enabled admin");
            }

            return await identity.DeleteUserAsync(username, context.RequestAborted) ? Results.NoContent() : AdminProblems.NotFound($"no user '{username}'");
        })
            .WithSummary("Delete a user (not yourself, nor the last enabled admin)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var groups = admin.MapGroup("/api/v1/groups").WithTags("Users");
        groups.MapGet("/", (IIdentityStore store, CancellationToken ct) => store.ListGroupsAsync(ct))
            .WithSummary("List groups");
        groups.MapPost("/", async (HttpRequest request, IdentityService identity) =>
        {
            var body = await RequestBody.ReadAsync<GroupRequest>(request);
            var group = await identity.CreateGroupAsync(body.Name, body.Description, request.HttpContext.RequestAborted);
            return Results.Created($"/api/v1/groups/{group.Name}", group);
        })
            .WithSummary("Create a group")
            .ReadsJson<GroupRequest>()
            .Produces<StoredGroup>(StatusCodes.Status201Created);
        groups.MapDelete("/{name}", async (string name, IdentityService identity, CancellationToken ct) =>
            await identity.DeleteGroupAsync(name, ct) ? Results.NoContent() : AdminProblems.NotFound($"no group '{name}'"))
            .WithSummary("Delete a group")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static async Task<bool> WouldRemoveLastAdminAsync(IIdentityStore store, string username, IReadOnlyList<string>? roles, bool? enabled, CancellationToken cancellationToken)
    {
        var target = await store.FindUserAsync(username, cancellationToken);
        if (target is null || !target.Enabled || !target.Roles.Contains(Roles.Admin, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        var staysAdmin = (enabled ?? true) && (roles ?? target.Roles).Contains(Roles.Admin, StringComparer.OrdinalIgnoreCase);
        if (staysAdmin)
        {
            return false;
        }

        var admins = (await store.ListUsersAsync(cancellationToken)).Count(u => u.Enabled && u.Roles.Contains(Roles.Admin, StringComparer.OrdinalIgnoreCase));
        return admins <= 1;
    }
}
