using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Console;
using WsGate.Configuration.Apis;
using WsGate.Listeners;
using WsGate.Management;

namespace WsGate.Admin.Portal;

/// <summary>
/// The try-it console: a WebSocket opened by the browser itself to an API (or a listener's own endpoint) with a token or
/// API key, to send messages and watch what comes back and how the connection closes.
/// </summary>
public sealed class TryItModel(ConfigManager config, ListenerManager listeners) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/applications";

    [BindProperty(SupportsGet = true, Name = "api")]
    public string? ApiId { get; set; }

    /// <summary>Posted from the applications page, so the token never appears in a URL.</summary>
    [BindProperty]
    public string? Token { get; set; }

    public IReadOnlyList<(string Label, string Url)> Targets { get; private set; } = [];

    public void OnGet() => Load();

    public IActionResult OnPost()
    {
        Load();
        return Page();
    }

    private void Load()
    {
        var targets = new List<(string, string)>();
        foreach (var api in config.Current.Apis.Where(a => a.Lifecycle is ApiLifecycle.Published or ApiLifecycle.Deprecated)
            .OrderByDescending(a => string.Equals(a.Id, ApiId, StringComparison.OrdinalIgnoreCase)).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase))
        {
            targets.AddRange(PortalUrls.For(api, listeners, Request).Select(u => ($"{api.Name} {api.Version}", u)));
        }

        foreach (var listener in config.Current.Listeners)
        {
            targets.AddRange(ClientUrls.Endpoints(listeners.Find(listener.Id), Request.Host.Host)
                .Select(e => ($"listener {listener.Id}: {e.Endpoint.Kind.ToString().ToLowerInvariant()}", e.Url)));
        }

        Targets = targets.Distinct().ToList();
    }
}
