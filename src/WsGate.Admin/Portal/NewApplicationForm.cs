namespace WsGate.Admin.Portal;

public sealed class NewApplicationForm
{
    public string? Name { get; set; }

    public string? Description { get; set; }
}
