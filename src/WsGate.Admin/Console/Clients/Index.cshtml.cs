using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Management;
using WsGate.Outbound;

namespace WsGate.Admin.Console.Clients;

/// <summary>Outbound clients with their live state, last error, next attempt and counters; connect and disconnect by hand.</summary>
public sealed class IndexModel(ConfigManager config, OutboundClientManager clients) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/clients";

    public IReadOnlyList<ClientView> Clients { get; private set; } = [];

    public void OnGet() => Clients = config.Current.Clients.Select(c => ClientView.From(c, clients.Find(c.Id))).ToList();

    public IActionResult OnPostConnect(string id)
    {
        if (clients.Find(id) is not { } runtime)
        {
            FlashError = $"There is no client '{id}'.";
            return RedirectToPage();
        }

        runtime.Start();
        return Done($"Client {runtime.Id} is connecting.");
    }

    public async Task<IActionResult> OnPostDisconnectAsync(string id)
    {
        if (clients.Find(id) is not { } runtime)
        {
            FlashError = $"There is no client '{id}'.";
            return RedirectToPage();
        }

        await runtime.StopAsync();
        return Done($"Client {runtime.Id} disconnected; it stays stopped until connected again or the configuration is saved.");
    }
}
