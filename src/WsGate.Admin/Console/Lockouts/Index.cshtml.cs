using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Identity;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Console.Lockouts;

/// <summary>Failed authentication counters of every node (from the store), with an unlock per subject for admins.</summary>
public sealed class IndexModel(IIdentityStore store, LiveConfig live, TimeProvider time) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/lockouts";

    public IReadOnlyList<LockoutView> Entries { get; private set; } = [];

    public int MaxFailures => live.Current.Identity.Lockout.MaxFailures;

    public async Task OnGetAsync()
    {
        var now = time.GetUtcNow();
        var lockout = live.Current.Identity.Lockout;
        var since = now - lockout.Relevance();
        Entries = (await store.ListAuthFailuresAsync(since, HttpContext.RequestAborted)).Select(f => LockoutView.From(f, now)).ToList();
    }

    public async Task<IActionResult> OnPostUnlockAsync(string subject, string scope)
    {
        if (!AuthScopeNames.TryParse(scope, out var parsed) || string.IsNullOrEmpty(subject))
        {
            FlashError = "Choose a counter to unlock.";
            return RedirectToPage();
        }

        var removed = await store.ClearAuthFailuresAsync(parsed.ToName(), subject, HttpContext.RequestAborted);
        return removed > 0 ? Done($"Unlocked {subject} ({scope}).") : Done($"{subject} ({scope}) had no failures left to forget.");
    }
}
