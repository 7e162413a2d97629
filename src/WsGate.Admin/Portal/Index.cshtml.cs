using WsGate.Admin.Console;
using WsGate.Configuration.Apis;
using WsGate.Listeners;
using WsGate.Management;

namespace WsGate.Admin.Portal;

/// <summary>The API store: published and deprecated APIs with their URLs, documentation and how to authenticate.</summary>
public sealed class IndexModel(ConfigManager config, ListenerManager listeners) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/apis";

    public IReadOnlyList<(ApiConfig Api, IReadOnlyList<string> Urls)> Apis { get; private set; } = [];

    public void OnGet() =>
        Apis = config.Current.Apis
            .Where(a => a.Lifecycle is ApiLifecycle.Published or ApiLifecycle.Deprecated)
            .OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.Version, StringComparer.OrdinalIgnoreCase)
            .Select(a => (a, PortalUrls.For(a, listeners, Request)))
            .ToList();

    /// <summary>How clients of this API prove who they are: the API's own settings, or those of its first listener.</summary>
    public Configuration.Identity.AuthenticationConfig Authentication(ApiConfig api) =>
        api.Authentication
        ?? api.Listeners.Select(id => config.Current.FindListener(id)?.Authentication).FirstOrDefault(a => a is not null)
        ?? new Configuration.Identity.AuthenticationConfig();
}
