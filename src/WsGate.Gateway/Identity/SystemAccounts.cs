using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using WsGate.Diagnostics;

namespace WsGate.Identity;

/// <summary>
/// Operating-system accounts for the Basic and URL modes (<c>accounts: system</c> or <c>both</c>), RoboTask's "system
/// user accounts": the password is checked by PAM's auth and account stacks of the configured service (so an expired
/// or locked account is refused too), and the groups come from the system's group database through libc. Linux only.
/// </summary>
public sealed unsafe class SystemAccounts(ILogger<SystemAccounts> logger)
{
    private const int MaxGroups = 65_536;
    private const int MaxBuffer = 1 << 20;

    /// <summary>
    /// Checks <paramref name="username"/>'s password with PAM service <paramref name="service"/> and returns the user's
    /// groups. PAM and NSS block (a module may wait after a failure or ask a directory server), so this runs on the thread pool.
    /// </summary>
    public Task<SystemAccountResult> VerifyAsync(string service, string username, string password, CancellationToken cancellationToken) =>
        Task.Run(() => Verify(service, username, password), cancellationToken);

    /// <summary>The groups the system database gives <paramref name="username"/> (primary group first), empty for an unknown user.</summary>
    public static IReadOnlyList<string> GroupsOf(string username)
    {
        if (!OperatingSystem.IsLinux() || username.Contains('\0', StringComparison.Ordinal))
        {
            return [];
        }

        if (PrimaryGroup(username) is not { } primary)
        {
            return [];
        }

        var count = 64;
        uint[] gids;
        while (true)
        {
            gids = new uint[count];
            var found = count;
            int answer;
            fixed (uint* list = gids)
            {
                answer = LibCNative.GetGroupList(username, primary, list, &found);
            }

            if (answer >= 0)
            {
                count = found;
                break;
            }

            // -1 means the array was too small; glibc says how many there are.
            count = Math.Max(found, count * 2);
            if (count > MaxGroups)
            {
                return [];
            }
        }

        var names = new List<string>(count);
        foreach (var gid in gids.AsSpan(0, count))
        {
            if (GroupName(gid) is { } name && !names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private SystemAccountResult Verify(string service, string username, string password)
    {
        if (!OperatingSystem.IsLinux())
        {
            return SystemAccountResult.Refused("operating-system accounts are supported on Linux only");
        }

        if (username.Length == 0 || username.Contains('\0', StringComparison.Ordinal) || password.Contains('\0', StringComparison.Ordinal))
        {
            return SystemAccountResult.Refused("the user name or password holds a NUL character");
        }

        string? refusal;
        try
        {
            refusal = Authenticate(service, username, password);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A machine without libpam cannot check anyone: every such sign-in is refused (fail closed), and said once per attempt.
            IdentityLog.SystemAccountsUnavailable(logger, "libpam.so.0 could not be loaded (install libpam0g): " + e.Message);
            return SystemAccountResult.Refused("PAM is not installed");
        }

        if (refusal is not null)
        {
            IdentityLog.SystemAccountRefused(logger, username, service, refusal);
            return SystemAccountResult.Refused(refusal);
        }

        return new SystemAccountResult(true, GroupsOf(username), null);
    }

    /// <summary>Runs pam_authenticate then pam_acct_mgmt; null when both succeed, else PAM's message.</summary>
    private static string? Authenticate(string service, string username, string password)
    {
        var credentials = GCHandle.Alloc(new PamCredentials(username, password));
        try
        {
            var conversation = new PamNative.Conversation { Converse = &Converse, Context = GCHandle.ToIntPtr(credentials) };
            var status = PamNative.Start(service, username, &conversation, out var pam);
            if (status != PamNative.Success || pam == 0)
            {
                return $"pam_start failed ({status})";
            }

            try
            {
                status = PamNative.Authenticate(pam, PamNative.Silent | PamNative.DisallowNullAuthToken);
                if (status == PamNative.Success)
                {
                    status = PamNative.AccountManagement(pam, PamNative.Silent | PamNative.DisallowNullAuthToken);
                }

                return status == PamNative.Success ? null : Marshal.PtrToStringUTF8(PamNative.StrError(pam, status)) ?? $"PAM error {status}";
            }
            finally
            {
                PamNative.End(pam, status);
            }
        }
        finally
        {
            credentials.Free();
        }
    }

    /// <summary>
    /// PAM's conversation callback: answers a hidden prompt with the password and a visible one with the user name; other
    /// messages (information, errors) get no answer. The answers are malloc'd because PAM frees them with free().
    /// </summary>
    [UnmanagedCallersOnly]
    private static int Converse(int count, nint messages, nint* responses, nint context)
    {
        *responses = 0;
        if (count is <= 0 or > 64 || GCHandle.FromIntPtr(context).Target is not PamCredentials credentials)
        {
            return PamNative.ConversationError;
        }

        var answers = (PamNative.Response*)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(PamNative.Response));
        for (var i = 0; i < count; i++)
        {
            // Linux-PAM passes an array of pointers to messages.
            var message = ((PamNative.Message**)messages)[i];
            answers[i].Text = message->Style switch
            {
                PamNative.PromptEchoOff => Marshal.StringToCoTaskMemUTF8(credentials.Password),
                PamNative.PromptEchoOn => Marshal.StringToCoTaskMemUTF8(credentials.Username),
                _ => 0,
            };
        }

        *responses = (nint)answers;
        return PamNative.Success;
    }

    private static uint? PrimaryGroup(string username)
    {
        for (var size = 4096; size <= MaxBuffer; size *= 4)
        {
            var buffer = new byte[size];
            LibCNative.Passwd entry;
            LibCNative.Passwd* result = null;
            int error;
            fixed (byte* bytes = buffer)
            {
                error = LibCNative.GetPasswordByName(username, &entry, bytes, (nuint)size, &result);
            }

            if (error != LibCNative.RangeError)
            {
                return error == 0 && result != null ? entry.Gid : null;
            }
        }

        return null;
    }

    private static string? GroupName(uint gid)
    {
        for (var size = 4096; size <= MaxBuffer; size *= 4)
        {
            var buffer = new byte[size];
            LibCNative.Group entry;
            LibCNative.Group* result = null;
            fixed (byte* bytes = buffer)
            {
                var error = LibCNative.GetGroupById(gid, &entry, bytes, (nuint)size, &result);
                if (error == LibCNative.RangeError)
                {
                    continue;
                }

                return error == 0 && result != null ? Marshal.PtrToStringUTF8(entry.Name) : null;
            }
        }

        return null;
    }

    /// <summary>What the conversation callback answers with, reached through a GCHandle passed as PAM's context.</summary>
    private sealed record PamCredentials(string Username, string Password);
}
