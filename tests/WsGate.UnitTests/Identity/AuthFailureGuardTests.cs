using WsGate.Configuration.Identity;
using WsGate.Identity;
using WsGate.Storage.Sqlite;
using WsGate.Testing;

namespace WsGate.UnitTests.Identity;

/// <summary>Failure counting on a real SQLite store and a manual clock: what locks, for whom, and what never does.</summary>
public sealed class AuthFailureGuardTests : IAsyncLifetime
{
    private static readonly LockoutConfig Config = new() { MaxFailures = 3, WindowSeconds = 60, LockoutSeconds = 30, FailureDelayMs = 100, MaxDelayMs = 350 };
    private static readonly string Ann = AuthFailureGuard.UserSubject("Ann");
    private readonly ManualTimeProvider _time = new();
    private readonly TempFolder _folder = new();
    private SqliteStore _store = null!;
    private AuthFailureGuard _guard = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(_folder.File("wsgate.db"));
        await _store.OpenAsync();
        _guard = new AuthFailureGuard(_store.Identity, _time);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _folder.Dispose();
    }

    private static string Source(int n) => AuthFailureGuard.SourceSubject("10.0.0." + n);

    private Task<AuthStanding> CheckAsync(string? credential, string? source, AuthScope scope = AuthScope.Public) =>
        _guard.CheckAsync(scope, credential, source, Config, CancellationToken.None);

    private Task<TimeSpan> FailAsync(string? credential, string? source, AuthScope scope = AuthScope.Public) =>
        _guard.FailAsync(scope, credential, source, Config, CancellationToken.None);

    [Fact]
    public async Task Check_SourceReachedMaxFailures_LockedForLockoutSeconds()
    {
        for (var i = 0; i < 3; i++)
        {
            await FailAsync(null, Source(1));
        }

        var locked = await CheckAsync(AuthFailureGuard.UserSubject("anyone"), Source(1));
        var other = await CheckAsync(null, Source(2));
        _time.Advance(TimeSpan.FromSeconds(31));
        var after = await CheckAsync(null, Source(1));

        Assert.Equal(TimeSpan.FromSeconds(30), locked.LockedFor);
        Assert.Null(other.LockedFor);
        Assert.Null(after.LockedFor);
    }

    [Fact]
    public async Task Check_CredentialLockedFromManySources_CleanSourceStillAdmitted()
    {
        // The admin-account attack: one wrong password from each of three addresses.
        for (var i = 1; i <= 3; i++)
        {
            await FailAsync(Ann, Source(i));
        }

        var fromAttacker = await CheckAsync(Ann, Source(2));
        var fromOwner = await CheckAsync(Ann, Source(9));

        Assert.Equal(TimeSpan.FromSeconds(30), fromAttacker.LockedFor);
        Assert.Null(fromOwner.LockedFor);
        Assert.True(fromOwner.CredentialHasFailures);
    }

    [Fact]
    public async Task Check_FailuresInPublicScope_AdminScopeUntouched()
    {
        for (var i = 0; i < 3; i++)
        {
            await FailAsync(Ann, Source(1), AuthScope.Public);
        }

        var admin = await CheckAsync(Ann, Source(1), AuthScope.Admin);

        Assert.Equal(AuthStanding.Clean, admin);
        Assert.NotNull((await CheckAsync(Ann, Source(1), AuthScope.Public)).LockedFor);
    }

    [Fact]
    public async Task Fail_EachFailure_DelayDoublesUpToMaxDelay()
    {
        var delays = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            delays.Add((await _guard.FailAsync(AuthScope.Public, Ann, Source(1), Config with { MaxFailures = 0 }, CancellationToken.None)).TotalMilliseconds);
        }

        Assert.Equal([100, 200, 350, 350], delays);
        Assert.Null((await _guard.CheckAsync(AuthScope.Public, Ann, Source(1), Config with { MaxFailures = 0 }, CancellationToken.None)).LockedFor);
    }

    [Fact]
    public async Task Fail_AfterWindow_CountsFromOneAgain()
    {
        await FailAsync(Ann, Source(1));
        await FailAsync(Ann, Source(1));
        _time.Advance(TimeSpan.FromSeconds(61));

        var delay = await FailAsync(Ann, Source(1));

        Assert.Equal(TimeSpan.FromMilliseconds(100), delay);
        Assert.Null((await CheckAsync(Ann, Source(1))).LockedFor);
    }

    [Fact]
    public async Task Succeed_CredentialHadFailures_ClearsCredentialButNotSource()
    {
        await FailAsync(Ann, Source(1));
        await FailAsync(Ann, Source(1));
        var standing = await CheckAsync(Ann, Source(1));

        await _guard.SucceedAsync(AuthScope.Public, Ann, standing, CancellationToken.None);

        var left = await _store.Identity.FindAuthFailuresAsync("public", [Ann, Source(1)]);
        Assert.Equal(new[] { (Source(1), 2) }, left.Select(f => (f.Subject, f.Failures)));
    }

    [Fact]
    public async Task UserSubject_DifferentCase_SameCounter()
    {
        await FailAsync(AuthFailureGuard.UserSubject("ANN"), Source(1));
        await FailAsync(AuthFailureGuard.UserSubject("ann"), Source(2));
        await FailAsync(AuthFailureGuard.UserSubject("Ann"), Source(3));

        Assert.NotNull((await CheckAsync(Ann, Source(3))).LockedFor);
    }
}
