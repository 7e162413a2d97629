using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using WsGate.Channels;

namespace WsGate.Admin.Console.Channels;

/// <summary>Channels with their subscriber counts; publish a JSON value to one (server push).</summary>
public sealed class IndexModel(ChannelBroker broker) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/channels";

    public IReadOnlyList<ChannelInfo> Channels { get; private set; } = [];

    [BindProperty]
    public string? Channel { get; set; }

    [BindProperty]
    public string? Data { get; set; }

    public void OnGet() => Channels = broker.List();

    public IActionResult OnPost()
    {
        if (Channel is null || !ChannelNames.IsValid(Channel))
        {
            ModelState.AddModelError(nameof(Channel), ChannelNames.Rule);
        }

        JsonElement data = default;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(Data) ? "" : Data);
            data = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            ModelState.AddModelError(nameof(Data), "is not valid JSON: " + ex.Message.Split(" Path:")[0]);
        }

        if (!ModelState.IsValid)
        {
            Channels = broker.List();
            return Page();
        }

        var delivered = broker.Publish(Channel!, data);
        return Done($"Published to {Channel}: delivered to {delivered} subscriber(s).");
    }
}
