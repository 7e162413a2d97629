using System.CommandLine;
using WsGate.Server.Cli;

namespace WsGate.Server.Commands;

/// <summary><c>wsgate lockouts</c>: failed authentication counters (list) and the unlock that forgets them.</summary>
internal static class LockoutsCommand
{
    public static Command Create()
    {
        var subject = new Argument<string>("subject") { Description = "ip:ADDRESS, user:NAME, os:SYSTEM_USER or client:CONSUMER_KEY" };
        var scope = new Option<string?>("--scope") { Description = "public or admin (default: both)" };
        var locked = new Option<bool>("--locked") { Description = "only counters that lock now" };
        var command = new Command("lockouts", "Failed authentication counters of a running WsGate, and unlocking.")
        {
            Remote.Verb("list", "List failure counters still counting or locking", async (p, c) => Output.Print(
                p,
                await c.GetAsync("/api/v1/lockouts" + (p.GetValue(locked) ? "?lockedOnly=true" : "")),
                ("scope", x => Output.Str(x, "scope")),
                ("subject", x => Output.Str(x, "subject")),
                ("failures", x => Output.Str(x, "failures")),
                ("last failure", x => Output.Str(x, "lastFailure")),
                ("locked until", x => string.Equals(Output.Str(x, "locked"), "true", StringComparison.OrdinalIgnoreCase) ? Output.Str(x, "lockedUntil") : "-")), locked),
            Remote.Verb("unlock", "Forget a subject's failures, which ends its lock", async (p, c) =>
            {
                var answer = await c.PostAsync("/api/v1/lockouts/unlock", new { subject = p.GetValue(subject), scope = p.GetValue(scope) });
                Console.WriteLine($"unlocked {Output.Str(answer, "subject")} ({Output.Str(answer, "removed")} counters removed)");
            }, subject, scope),
        };
        RemoteOptions.AddTo(command);
        return command;
    }
}
