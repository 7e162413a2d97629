namespace WsGate.Admin.Console;

/// <summary>
/// The console's menu in one list. Each entry names the admin API path whose role rules decide who sees it, so a new
/// capability's page (tiers, analytics, outbound clients) is one line here plus its page folder.
/// </summary>
public static class ConsoleNavigation
{
    public static IReadOnlyList<NavigationItem> Items { get; } =
    [
        new("Overview", "Dashboard", "/console", "/api/v1/listeners"),
        new("Overview", "Connections", "/console/connections", "/api/v1/connections"),
        new("Overview", "Channels", "/console/channels", "/api/v1/channels"),
        new("Overview", "Analytics", "/console/analytics", "/api/v1/analytics/usage"),
        new("Overview", "Captures", "/console/captures", "/api/v1/captures"),
        new("Gateway", "Listeners", "/console/listeners", "/api/v1/listeners"),
        new("Gateway", "Certificates", "/console/certificates", "/api/v1/certificates"),
        new("Gateway", "APIs", "/console/apis", "/api/v1/apis"),
        new("Gateway", "Tiers", "/console/tiers", "/api/v1/tiers"),
        new("Outbound", "Clients", "/console/clients", "/api/v1/clients"),
        new("Outbound", "Rules & bridges", "/console/rules", "/api/v1/rules"),
        new("Identity", "Users & groups", "/console/users", "/api/v1/users"),
        new("Identity", "Applications", "/console/applications", "/api/v1/applications"),
        new("Identity", "Lockouts", "/console/lockouts", "/api/v1/lockouts"),
        new("System", "Audit log", "/console/audit", "/api/v1/audit"),
        new("System", "Configuration", "/console/config", "/api/v1/config/export"),

        // Every staff role reads some of the API; the reference (ConsoleSetup.ApiReferencePath) documents all of it.
        new("System", "API reference", ConsoleSetup.ApiReferencePath, "/api/v1/listeners"),
    ];
}
