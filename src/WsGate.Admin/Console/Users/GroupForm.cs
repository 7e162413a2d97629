namespace WsGate.Admin.Console.Users;

public sealed class GroupForm
{
    public string? Name { get; set; }

    public string? Description { get; set; }
}
