using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Identity;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Console.Applications;

/// <summary>Every subscriber's applications with their keys and subscriptions; admins can remove a subscription or an application.</summary>
public sealed class IndexModel(IIdentityStore store, IdentityService identity, ConfigManager config) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/applications";

    [BindProperty(SupportsGet = true)]
    public string? Owner { get; set; }

    public IReadOnlyList<ApplicationView> Applications { get; private set; } = [];

    /// <summary>Only admins change others' applications here; subscribers manage their own in the portal.</summary>
    public bool CanManage => Principal.IsAdmin;

    public async Task OnGetAsync()
    {
        var views = new List<ApplicationView>();
        foreach (var application in await store.ListApplicationsAsync(string.IsNullOrWhiteSpace(Owner) ? null : Owner.Trim(), HttpContext.RequestAborted))
        {
            views.Add(await ApplicationView.LoadAsync(application, store, config.Current, HttpContext.RequestAborted));
        }

        Applications = views;
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        return await identity.DeleteApplicationAsync(id, HttpContext.RequestAborted)
            ? Done($"Application {id} deleted with its keys, subscriptions and tokens.")
            : Done($"There is no application '{id}'.");
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(string id, string apiId)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        return await identity.UnsubscribeAsync(id, apiId, HttpContext.RequestAborted)
            ? Done($"Application {id} is no longer subscribed to {apiId}; its connections to it were closed.")
            : Done($"Application {id} was not subscribed to {apiId}.");
    }
}
