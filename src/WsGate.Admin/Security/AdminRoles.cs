namespace WsGate.Admin.Security;

public static class AdminRoles
{
    /// <summary>May do everything.</summary>
    public const string Admin = "admin";
}
