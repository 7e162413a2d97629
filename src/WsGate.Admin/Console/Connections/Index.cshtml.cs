using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Connections;

namespace WsGate.Admin.Console.Connections;

/// <summary>Live connections: filter, inspect counters, send a message, close with a code and reason.</summary>
public sealed class IndexModel(ConnectionRegistry registry) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/connections";

    [BindProperty(SupportsGet = true)]
    public string? Listener { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    public IReadOnlyList<ConnectionView> Connections { get; private set; } = [];

    public IReadOnlyList<string> ListenerIds { get; private set; } = [];

    public void OnGet()
    {
        var all = registry.All.ToList();
        ListenerIds = all.Select(c => c.Listener.Id).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        Connections = all
            .Where(c => string.IsNullOrEmpty(Listener) || string.Equals(c.Listener.Id, Listener, StringComparison.OrdinalIgnoreCase))
            .Select(ConnectionView.From)
            .Where(Matches)
            .OrderBy(c => c.ConnectedAt)
            .ToList();
    }

    public async Task<IActionResult> OnPostCloseAsync(string id, int code, string? reason)
    {
        if (registry.Find(id) is not { } connection)
        {
            FlashError = $"Connection {id} is gone already.";
        }
        else if (code is not (1000 or 1001 or 1008 or 1011 or (>= 3000 and <= 4999)))
        {
            FlashError = "The close code must be 1000, 1001, 1008, 1011 or 3000-4999 (RFC 6455 section 7.4).";
        }
        else if (reason is not null && Encoding.UTF8.GetByteCount(reason) > 123)
        {
            FlashError = "The close reason must be at most 123 bytes of UTF-8 (RFC 6455 section 5.5).";
        }
        else
        {
            await connection.CloseAsync((WebSocketCloseStatus)code, string.IsNullOrEmpty(reason) ? null : reason);
            Flash = $"Connection {id} closed with {code}.";
        }

        return RedirectToPage(new { Listener, Search });
    }

    public IActionResult OnPostSend(string id, string? text)
    {
        if (registry.Find(id) is not { } connection)
        {
            FlashError = $"Connection {id} is gone already.";
        }
        else if (!connection.SeesMessages)
        {
            FlashError = $"Connection {id} is relayed in stream mode, which carries raw bytes; sending needs an API in frames mode.";
        }
        else if (connection.Enqueue(new OutboundMessage(Encoding.UTF8.GetBytes(text ?? ""), WebSocketMessageType.Text)))
        {
            Flash = $"Message queued for connection {id}.";
        }
        else
        {
            FlashError = $"Connection {id} is closing.";
        }

        return RedirectToPage(new { Listener, Search });
    }

    private bool Matches(ConnectionView c) =>
        string.IsNullOrWhiteSpace(Search)
        || new[] { c.Id, c.Endpoint, c.User, c.RemoteAddress, c.Api, c.Backend }.Any(v => v is not null && v.Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase));
}
