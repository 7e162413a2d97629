using WsGate.Admin.Api;
using WsGate.Management;
using WsGate.Routing;

namespace WsGate.Admin.Console.Apis;

/// <summary>WebSocket APIs with their lifecycle, paths, listeners and backend health.</summary>
public sealed class IndexModel(ConfigManager config, ApiManager apis) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/apis";

    public IReadOnlyList<ApiView> Apis { get; private set; } = [];

    public void OnGet() => Apis = config.Current.Apis.Select(a => ApiView.From(a, apis.Find(a.Id))).ToList();
}
