using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Configuration.Validation;
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

    /// <summary>Replaces an application's callback URLs (one per line); refused whole, naming the line, when one cannot be registered.</summary>
    public async Task<IActionResult> OnPostCallbacksAsync(string id, string? callbackUrls)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        var urls = (callbackUrls ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        try
        {
            return await identity.UpdateApplicationAsync(id, null, urls, HttpContext.RequestAborted) is null
                ? Done($"There is no application '{id}'.")
                : Done(urls.Length == 0 ? $"Application {id} has no callback URL now." : $"Application {id} has {urls.Length} callback URL(s) now.");
        }
        catch (ConfigValidationException e)
        {
            FlashError = $"The callback URLs of {id} were not changed: " + string.Join("; ", e.Errors.Select(error => $"{LineOf(error.Path)}: {error.Message}"));
            return RedirectToPage();
        }
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

    /// <summary><c>callbackUrls[1]</c> is the form's second line.</summary>
    private static string LineOf(string path) =>
        path.StartsWith("callbackUrls[", StringComparison.Ordinal) && int.TryParse(path["callbackUrls[".Length..^1], CultureInfo.InvariantCulture, out var index)
            ? $"line {index + 1}"
            : path;
}
