using WsGate.Configuration.Rules;

namespace WsGate.Admin.Console.Rules;

/// <summary>The new-bridge form, named after <see cref="BridgeConfig"/>'s properties.</summary>
public sealed class BridgeForm
{
    public static readonly IReadOnlyCollection<string> FieldNames = [nameof(Id), nameof(Client), nameof(Channel), nameof(Direction), nameof(Enabled)];

    public string? Id { get; set; }

    public string? Client { get; set; }

    public string? Channel { get; set; }

    public BridgeDirection Direction { get; set; }

    public bool Enabled { get; set; } = true;

    public BridgeConfig ToConfig() => new()
    {
        Id = Id?.Trim() ?? "",
        Client = Client?.Trim() ?? "",
        Channel = Channel?.Trim() ?? "",
        Direction = Direction,
        Enabled = Enabled,
    };
}
