using Microsoft.AspNetCore.Http;
using WsGate.Identity;

namespace WsGate.Admin.Security;

/// <summary>The user making an admin API request, with their roles.</summary>
public sealed record AdminPrincipal(string Username, IReadOnlyList<string> Roles)
{
    private static readonly object Key = new();

    public bool IsAdmin => Has(Identity.Roles.Admin);

    public bool Has(string role) => Roles.Contains(role, StringComparer.OrdinalIgnoreCase);

    public static AdminPrincipal? From(HttpContext context) => context.Items.TryGetValue(Key, out var value) ? value as AdminPrincipal : null;

    public static AdminPrincipal Require(HttpContext context) => From(context) ?? throw new InvalidOperationException("no authenticated admin principal");

    public void Attach(HttpContext context) => context.Items[Key] = this;
}
