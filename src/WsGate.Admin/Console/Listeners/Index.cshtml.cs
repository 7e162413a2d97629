using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Configuration.Validation;
using WsGate.Listeners;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Console.Listeners;

/// <summary>Listeners with their state, failure reason, endpoints and certificate expiry; enable, disable and delete.</summary>
public sealed class IndexModel(ConfigManager config, ListenerManager listeners) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/listeners";

    public IReadOnlyList<ListenerView> Listeners { get; private set; } = [];

    public void OnGet() => Listeners = config.Current.Listeners.Select(l => ListenerView.From(l, listeners.Find(l.Id))).ToList();

    public IReadOnlyList<string> Groups => config.Current.Listeners.Select(l => l.Group).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();

    public Task<IActionResult> OnPostEnableAsync(string id) => SetEnabledAsync(id, true);

    public Task<IActionResult> OnPostEnableGroupAsync(string name) => SetGroupEnabledAsync(name, true);

    public Task<IActionResult> OnPostDisableGroupAsync(string name) => SetGroupEnabledAsync(name, false);

    public Task<IActionResult> OnPostDisableAsync(string id) => SetEnabledAsync(id, false);

    public async Task<IActionResult> OnPostDeleteAsync(string id)
    {
        if (config.Current.FindListener(id) is null)
        {
            FlashError = $"There is no listener '{id}'.";
            return RedirectToPage();
        }

        return await ChangeAsync(c => c.WithoutListener(id), $"Listener {id} deleted; its connections were closed.");
    }

    private async Task<IActionResult> SetEnabledAsync(string id, bool enabled)
    {
        var existing = config.Current.FindListener(id);
        if (existing is null)
        {
            FlashError = $"There is no listener '{id}'.";
            return RedirectToPage();
        }

        var result = await ChangeAsync(c => c.WithListener(existing with { Enabled = enabled }), enabled ? $"Listener {id} enabled." : $"Listener {id} disabled.");
        if (enabled && listeners.Find(id) is { State: ListenerState.Failed } failed)
        {
            Flash = null;
            FlashError = $"Listener {id} is enabled but failed to start: {failed.FailureReason}";
        }

        return result;
    }

    /// <summary>Every listener of a group at once, as one change (webMethods packages).</summary>
    private async Task<IActionResult> SetGroupEnabledAsync(string name, bool enabled)
    {
        if (!config.Current.Listeners.Any(l => string.Equals(l.Group, name, StringComparison.OrdinalIgnoreCase)))
        {
            FlashError = $"No listener belongs to the group '{name}'.";
            return RedirectToPage();
        }

        return await ChangeAsync(
            c => c with
            {
                Listeners = c.Listeners.Select(l => string.Equals(l.Group, name, StringComparison.OrdinalIgnoreCase) ? l with { Enabled = enabled } : l).ToList(),
            },
            $"Group {name} {(enabled ? "enabled" : "disabled")}.");
    }

    private async Task<IActionResult> ChangeAsync(Func<Configuration.GatewayConfig, Configuration.GatewayConfig> change, string done)
    {
        try
        {
            await config.ChangeAsync(change, cancellationToken: HttpContext.RequestAborted);
            Flash = done;
        }
        catch (ConfigValidationException ex)
        {
            FlashError = "Refused: " + string.Join("; ", ex.Errors);
        }
        catch (ConcurrentChangeException ex)
        {
            FlashError = ex.Message;
        }

        return RedirectToPage();
    }
}
