namespace WsGate.Identity;

/// <summary>The names an <see cref="AuthScope"/> has in the store, the admin API and the CLI.</summary>
public static class AuthScopeNames
{
    public const string Public = "public";
    public const string Admin = "admin";

    public static string ToName(this AuthScope scope) => scope == AuthScope.Admin ? Admin : Public;

    public static bool TryParse(string? text, out AuthScope scope)
    {
        scope = AuthScope.Public;
        switch (text?.ToLowerInvariant())
        {
            case Public:
                return true;
            case Admin:
                scope = AuthScope.Admin;
                return true;
            default:
                return false;
        }
    }
}
