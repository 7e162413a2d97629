using Microsoft.AspNetCore.Mvc;
using WsGate.Identity;
using WsGate.Storage;

namespace WsGate.Admin.Console.Audit;

/// <summary>The audit log of admin changes (REST API and console alike), newest first, filtered by time, actor and target.</summary>
public sealed class IndexModel(IAuditStore audit) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/audit";

    [BindProperty(SupportsGet = true)]
    public DateTimeOffset? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTimeOffset? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Target { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Limit { get; set; } = 100;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if (Limit is < 1 or > 1000)
        {
            ModelState.AddModelError(nameof(Limit), "must be from 1 to 1000");
            Limit = 100;
        }

        if (From is { } from && To is { } to && from > to)
        {
            ModelState.AddModelError(nameof(To), "must be after From");
        }

        Entries = await audit.QueryAsync(new AuditQuery(From, To, Blank(Actor), Blank(Target), Limit), HttpContext.RequestAborted);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
