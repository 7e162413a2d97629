using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Admin.Security;
using WsGate.Identity;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>
/// Failed authentication counters shared by every node: the ones still counting or locking (operators read them), and
/// the unlock that forgets a subject's failures (admins only). Unlocking is audited like every other change.
/// </summary>
public static class LockoutsApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/lockouts").WithTags("Lockouts");
        group.MapGet("/", async (bool? lockedOnly, IIdentityStore store, LiveConfig live, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var now = time.GetUtcNow();
            var lockout = live.Current.Identity.Lockout;
            var since = now - lockout.Relevance();
            var views = (await store.ListAuthFailuresAsync(since, cancellationToken)).Select(f => LockoutView.From(f, now));
            return lockedOnly == true ? views.Where(v => v.Locked).ToList() : views.ToList();
        })
            .WithSummary("List failed-authentication counters still counting or locking, on every node");

        group.MapPost("/unlock", async (HttpRequest request, IIdentityStore store) =>
        {
            var body = await RequestBody.ReadAsync<UnlockRequest>(request);
            if (string.IsNullOrWhiteSpace(body.Subject) || body.Subject.IndexOf(':', StringComparison.Ordinal) <= 0)
            {
                return AdminProblems.BadField("subject", "is required, as ip:ADDRESS, user:NAME, os:SYSTEM_USER or client:CONSUMER_KEY");
            }

            AuthScope? scope = null;
            if (body.Scope is not null)
            {
                if (!AuthScopeNames.TryParse(body.Scope, out var parsed))
                {
                    return AdminProblems.BadField("scope", $"must be '{AuthScopeNames.Public}' or '{AuthScopeNames.Admin}'");
                }

                scope = parsed;
            }

            // User names are counted in lower case (they compare ignoring case); addresses and keys as given.
            var subject = body.Subject.StartsWith("user:", StringComparison.OrdinalIgnoreCase) ? AuthFailureGuard.UserSubject(body.Subject[5..]) : body.Subject.Trim();
            request.HttpContext.Items[AuditMiddleware.TargetItem] = subject;
            var removed = await store.ClearAuthFailuresAsync(scope?.ToName(), subject, request.HttpContext.RequestAborted);
            return Results.Ok(new UnlockResultView(subject, scope?.ToName(), removed));
        })
            .WithSummary("Unlock a subject (ip:, user: or client:): forget its failed authentications (admins)")
            .ReadsJson<UnlockRequest>()
            .Produces<UnlockResultView>();
    }
}
