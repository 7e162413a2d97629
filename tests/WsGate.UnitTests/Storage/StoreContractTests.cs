using System.Data.Common;
using WsGate.Configuration;
using WsGate.Configuration.Analytics;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Identity;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Throttling;
using WsGate.Identity;
using WsGate.Storage;

namespace WsGate.UnitTests.Storage;

/// <summary>
/// The behaviour every store must have, run once per backend: <see cref="SqliteStoreTests"/> on a SQLite file and
/// <see cref="PostgresStoreTests"/> on a real PostgreSQL. Each test gets an empty store location of its own;
/// <see cref="NewStore"/> returns an unopened store on that same location every time, so reopening sees what was written.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract IWsGateStore NewStore();

    protected async Task<IWsGateStore> OpenAsync()
    {
        var store = NewStore();
        await store.OpenAsync();
        return store;
    }

    protected static ListenerConfig Listener(string id, int port) => new() { Id = id, Bindings = [$"127.0.0.1:{port}"] };

    protected static GatewayConfig SampleConfig(int listeners = 3) => new()
    {
        Listeners = Enumerable.Range(0, listeners).Select(i => Listener($"l_{(listeners - i):D3}", 8000 + i) with
        {
            Description = new string('d', 200),
            Endpoints = [new EndpointConfig { Path = "/echo" }],
        }).ToList(),
        Certificates = [new CertificateConfig { Name = "zeta", Pkcs12File = "/z.pfx" }, new CertificateConfig { Name = "alpha", CertificateFile = "/a.pem", KeyFile = "/a.key" }],
    };

    [Fact]
    public async Task OpenAsync_Twice_AppliesMigrationsOnce()
    {
        await using (var store = await OpenAsync())
        {
            Assert.Equal("0", await store.GetMetaAsync("config.revision"));
        }

        await using var reopened = await OpenAsync();

        Assert.Equal("0", await reopened.GetMetaAsync("config.revision"));
    }

    [Fact]
    public async Task LoadConfigAsync_NewStore_IsEmptyAtRevisionZero()
    {
        await using var store = await OpenAsync();

        var stored = await store.LoadConfigAsync();

        Assert.Equal(0, stored.Revision);
        Assert.Empty(stored.Config.Listeners);
        Assert.Empty(stored.Config.Certificates);
    }

    [Fact]
    public async Task SaveConfigAsync_ThenLoad_KeepsContentAndOrder()
    {
        var config = SampleConfig();
        await using (var store = await OpenAsync())
        {
            Assert.Equal(1, await store.SaveConfigAsync(config, 0));
        }

        await using var reopened = await OpenAsync();
        var stored = await reopened.LoadConfigAsync();

        Assert.Equal(1, stored.Revision);
        Assert.Equal(["l_003", "l_002", "l_001"], stored.Config.Listeners.Select(l => l.Id));
        Assert.Equal(["zeta", "alpha"], stored.Config.Certificates.Select(c => c.Name));
        Assert.Equal(ConfigSerializer.ToJson(config), ConfigSerializer.ToJson(stored.Config));
    }

    [Fact]
    public async Task SaveConfigAsync_EverySection_SurvivesReopening()
    {
        // Each part of the configuration an operator can change must come back after a restart, not only the lists
        // the store was first written for: identity settings, tiers (including an emptied list), clients, rules, bridges.
        var config = SampleConfig(1) with
        {
            Identity = new IdentityConfig { AccessTokenLifetimeSeconds = 120, RevalidationGraceMs = 500 },
            Analytics = new AnalyticsConfig { Enabled = false, RetentionDays = 7 },
            Tiers = [new TierConfig { Name = "Platinum", Rate = new RateLimitConfig { MessagesPerWindow = 42 }, MaxConnectionsPerApplication = 3 }],
            Clients = [new OutboundClientConfig { Id = "feed", Name = "Feed", Host = "example.test", Port = 8443, UseTls = true }],
            Rules = [new RuleConfig { Id = "r1", Name = "log all" }],
            Bridges = [new BridgeConfig { Id = "b1", Client = "feed", Channel = "news" }],
        };
        await using (var store = await OpenAsync())
        {
            await store.SaveConfigAsync(config, 0);
        }

        await using var reopened = await OpenAsync();
        var stored = await reopened.LoadConfigAsync();

        Assert.Equal(120, stored.Config.Identity.AccessTokenLifetimeSeconds);
        Assert.Equal("Platinum", Assert.Single(stored.Config.Tiers).Name);
        Assert.False(stored.Config.Analytics.Enabled);
        Assert.Equal(ConfigSerializer.ToJson(config), ConfigSerializer.ToJson(stored.Config));

        await reopened.SaveConfigAsync(config with { Tiers = [] }, 1);
        Assert.Empty((await reopened.LoadConfigAsync()).Config.Tiers);
    }

    [Fact]
    public async Task LoadConfigAsync_TiersNeverSaved_AreTheDefaults()
    {
        await using var store = await OpenAsync();
        await store.SaveConfigAsync(SampleConfig(), 0);

        var stored = await store.LoadConfigAsync();

        Assert.Equal(TierConfig.Defaults.Select(t => t.Name), stored.Config.Tiers.Select(t => t.Name));
    }

    [Fact]
    public async Task SaveConfigAsync_Twice_ReplacesTheWholeConfig()
    {
        await using var store = await OpenAsync();
        await store.SaveConfigAsync(SampleConfig(), 0);
        var next = new GatewayConfig { Listeners = [Listener("only", 9000)] };

        Assert.Equal(2, await store.SaveConfigAsync(next, 1));

        var stored = await store.LoadConfigAsync();
        Assert.Equal(2, stored.Revision);
        Assert.Equal(ConfigSerializer.ToJson(next), ConfigSerializer.ToJson(stored.Config));
    }

    [Fact]
    public async Task SaveConfigAsync_StaleRevision_ThrowsAndChangesNothing()
    {
        await using var store = await OpenAsync();
        var first = SampleConfig();
        await store.SaveConfigAsync(first, 0);

        var ex = await Assert.ThrowsAsync<ConcurrentChangeException>(() => store.SaveConfigAsync(new GatewayConfig { Listeners = [Listener("late", 9000)] }, 0));

        Assert.Equal(0, ex.Expected);
        Assert.Equal(1, ex.Actual);
        var stored = await store.LoadConfigAsync();
        Assert.Equal(1, stored.Revision);
        Assert.Equal(ConfigSerializer.ToJson(first), ConfigSerializer.ToJson(stored.Config));
    }

    [Fact]
    public async Task CreateUserAsync_ThenFindInOtherCase_ReturnsTheUser()
    {
        await using var store = await OpenAsync();
        await store.Identity.CreateUserAsync(new StoredUser { Username = "Admin", PasswordHash = "pbkdf2-sha256$1$a$b", Roles = ["admin", "viewer"], CreatedAt = T0 });

        var user = await store.Identity.FindUserAsync("aDMIN");

        Assert.NotNull(user);
        Assert.Equal("Admin", user.Username);
        Assert.Equal("pbkdf2-sha256$1$a$b", user.PasswordHash);
        Assert.Equal(["admin", "viewer"], user.Roles);
        Assert.True(user.Enabled);
        Assert.Equal(T0, user.CreatedAt);
        Assert.Equal(1, await store.Identity.CountUsersAsync());
    }

    [Fact]
    public async Task CreateUserAsync_DisabledUser_IsStoredDisabled()
    {
        await using var store = await OpenAsync();
        await store.Identity.CreateUserAsync(new StoredUser { Username = "old", PasswordHash = "h", Enabled = false });

        Assert.False((await store.Identity.FindUserAsync("old"))!.Enabled);
    }

    [Fact]
    public async Task FindUserAsync_Unknown_IsNull()
    {
        await using var store = await OpenAsync();

        Assert.Null(await store.Identity.FindUserAsync("nobody"));
        Assert.Equal(0, await store.Identity.CountUsersAsync());
    }

    [Fact]
    public async Task CreateUserAsync_SameNameInOtherCase_IsRefused()
    {
        await using var store = await OpenAsync();
        await store.Identity.CreateUserAsync(new StoredUser { Username = "admin", PasswordHash = "h" });

        await Assert.ThrowsAnyAsync<DbException>(() => store.Identity.CreateUserAsync(new StoredUser { Username = "ADMIN", PasswordHash = "h2" }));

        Assert.Equal(1, await store.Identity.CountUsersAsync());
        Assert.Equal("h", (await store.Identity.FindUserAsync("admin"))!.PasswordHash);
    }

    [Fact]
    public async Task UpdateUserAsync_ThenList_ShowsNewFieldsAndDeleteRemoves()
    {
        await using var store = await OpenAsync();
        await store.Identity.CreateUserAsync(new StoredUser { Username = "bob", PasswordHash = "h", CreatedAt = T0 });
        await store.Identity.CreateUserAsync(new StoredUser { Username = "alice", PasswordHash = "h", CreatedAt = T0 });

        Assert.True(await store.Identity.UpdateUserAsync(new StoredUser { Username = "BOB", PasswordHash = "h2", Roles = ["publisher"], Groups = ["ops"], Description = "on call", Enabled = false, CreatedAt = T0 }));
        Assert.False(await store.Identity.UpdateUserAsync(new StoredUser { Username = "carol", PasswordHash = "h" }));

        var users = await store.Identity.ListUsersAsync();
        Assert.Equal(["alice", "bob"], users.Select(u => u.Username));
        var bob = users[1];
        Assert.Equal(("h2", false, "on call"), (bob.PasswordHash, bob.Enabled, bob.Description));
        Assert.Equal(["publisher"], bob.Roles);
        Assert.Equal(["ops"], bob.Groups);
        Assert.True(await store.Identity.DeleteUserAsync("Bob"));
        Assert.False(await store.Identity.DeleteUserAsync("bob"));
        Assert.Equal(1, await store.Identity.CountUsersAsync());
    }

    [Fact]
    public async Task DeleteGroupAsync_GroupWithMembers_RemovesItFromEveryUser()
    {
        await using var store = await OpenAsync();
        Assert.True(await store.Identity.CreateGroupAsync(new StoredGroup("Ops", "operators", T0)));
        Assert.False(await store.Identity.CreateGroupAsync(new StoredGroup("OPS", null, T0)));
        await store.Identity.CreateGroupAsync(new StoredGroup("dev", null, T0));
        await store.Identity.CreateUserAsync(new StoredUser { Username = "u", PasswordHash = "h", Groups = ["ops", "dev"] });

        Assert.True(await store.Identity.DeleteGroupAsync("ops"));

        Assert.Equal(["dev"], (await store.Identity.ListGroupsAsync()).Select(g => g.Name));
        Assert.Equal(["dev"], (await store.Identity.FindUserAsync("u"))!.Groups);
        Assert.False(await store.Identity.DeleteGroupAsync("ops"));
    }

    [Fact]
    public async Task Applications_KeysSubscriptionsAndTokens_RoundTripAndCascadeOnDelete()
    {
        await using var store = await OpenAsync();
        var app = new StoredApplication("app1", "Alice", "weather", "forecasts", T0);
        Assert.True(await store.Identity.CreateApplicationAsync(app));
        Assert.False(await store.Identity.CreateApplicationAsync(app with { Id = "app2", Owner = "ALICE" }));
        await store.Identity.SaveKeyAsync(new StoredApplicationKey("app1", BackendEnvironment.Production, "ck1", "sh1", "ah1", T0));
        await store.Identity.SaveKeyAsync(new StoredApplicationKey("app1", BackendEnvironment.Sandbox, "ck2", "sh2", null, T0));
        await store.Identity.SaveKeyAsync(new StoredApplicationKey("app1", BackendEnvironment.Production, "ck3", "sh3", "ah3", T0.AddHours(1)));
        await store.Identity.SaveSubscriptionAsync(new StoredSubscription("app1", "Quotes", "gold", T0));
        await store.Identity.SaveSubscriptionAsync(new StoredSubscription("app1", "quotes", "silver", T0));
        await store.Identity.CreateTokenAsync(new StoredToken("tok1", "app1", BackendEnvironment.Production, "alice", T0, T0.AddHours(1), null));

        Assert.Equal(app, await store.Identity.FindApplicationAsync("app1"));
        Assert.Equal(["app1"], (await store.Identity.ListApplicationsAsync("alice")).Select(a => a.Id));
        Assert.Empty(await store.Identity.ListApplicationsAsync("bob"));
        Assert.Equal(["ck3", "ck2"], (await store.Identity.ListKeysAsync("app1")).Select(k => k.ConsumerKey));
        Assert.Null(await store.Identity.FindKeyByConsumerKeyAsync("ck1"));
        Assert.Equal(new StoredApplicationKey("app1", BackendEnvironment.Production, "ck3", "sh3", "ah3", T0.AddHours(1)), await store.Identity.FindKeyByApiKeyHashAsync("ah3"));
        var subscription = Assert.Single(await store.Identity.ListSubscriptionsAsync("app1", null));
        Assert.Equal(("Quotes", "silver"), (subscription.ApiId, subscription.Tier));
        Assert.Single(await store.Identity.ListSubscriptionsAsync(null, "QUOTES"));
        Assert.Equal(new StoredToken("tok1", "app1", BackendEnvironment.Production, "alice", T0, T0.AddHours(1), null), await store.Identity.FindTokenAsync("tok1"));

        Assert.True(await store.Identity.DeleteApplicationAsync("app1"));

        Assert.Null(await store.Identity.FindApplicationAsync("app1"));
        Assert.Empty(await store.Identity.ListKeysAsync("app1"));
        Assert.Empty(await store.Identity.ListSubscriptionsAsync(null, null));
        Assert.Null(await store.Identity.FindTokenAsync("tok1"));
    }

    [Fact]
    public async Task Applications_CallbackUrls_RoundTripAndUpdate()
    {
        await using var store = await OpenAsync();
        await store.Identity.CreateApplicationAsync(new StoredApplication("app", "o", "n", null, T0) { CallbackUrls = ["https://a.example/cb"] });

        Assert.Equal(["https://a.example/cb"], (await store.Identity.FindApplicationAsync("app"))!.CallbackUrls);
        Assert.True(await store.Identity.UpdateApplicationAsync(new StoredApplication("app", "o", "n", "d", T0) { CallbackUrls = ["http://127.0.0.1:9/cb", "https://b.example/cb"] }));
        Assert.False(await store.Identity.UpdateApplicationAsync(new StoredApplication("nope", "o", "n", null, T0)));

        var updated = (await store.Identity.ListApplicationsAsync("o")).Single();
        Assert.Equal(["http://127.0.0.1:9/cb", "https://b.example/cb"], updated.CallbackUrls);
        Assert.Equal("d", updated.Description);
    }

    [Fact]
    public async Task AuthorizationCode_RedeemedTwice_SecondSeesItUsed()
    {
        await using var store = await OpenAsync();
        await store.Identity.CreateApplicationAsync(new StoredApplication("app", "o", "n", null, T0));
        var code = new StoredAuthorizationCode("h", "fam", "app", BackendEnvironment.Sandbox, "ck", "o", "https://a.example/cb", "challenge", T0, T0.AddMinutes(1), null);
        await store.Identity.CreateAuthorizationCodeAsync(code);

        Assert.Equal(code, await store.Identity.RedeemAuthorizationCodeAsync("h", T0.AddSeconds(5)));
        Assert.Equal(code with { UsedAt = T0.AddSeconds(5) }, await store.Identity.RedeemAuthorizationCodeAsync("h", T0.AddSeconds(6)));
        Assert.Null(await store.Identity.RedeemAuthorizationCodeAsync("unknown", T0));
    }

    [Fact]
    public async Task RefreshToken_RotatedOnceThenFamilyRevoked_RevokesAccessAndRefreshTokens()
    {
        await using var store = await OpenAsync();
        await store.Identity.CreateApplicationAsync(new StoredApplication("app", "o", "n", null, T0));
        var first = new StoredRefreshToken("r1", "fam", "app", BackendEnvironment.Production, "ck", "o", T0, T0.AddDays(1), null);
        await store.Identity.CreateTokensAsync(new StoredToken("a1", "app", BackendEnvironment.Production, "o", T0, T0.AddHours(1), null) { FamilyId = "fam" }, first);
        await store.Identity.CreateTokenAsync(new StoredToken("other", "app", BackendEnvironment.Production, "o", T0, T0.AddHours(1), null));
        var access2 = new StoredToken("a2", "app", BackendEnvironment.Production, "o", T0, T0.AddHours(1), null) { FamilyId = "fam" };
        var second = first with { TokenHash = "r2" };

        Assert.True(await store.Identity.RotateRefreshTokenAsync("r1", T0.AddMinutes(1), access2, second));
        Assert.False(await store.Identity.RotateRefreshTokenAsync("r1", T0.AddMinutes(2), access2 with { TokenHash = "a3" }, first with { TokenHash = "r3" }));
        Assert.Equal(T0.AddMinutes(1), (await store.Identity.FindRefreshTokenAsync("r1"))!.RevokedAt);
        Assert.Null(await store.Identity.FindRefreshTokenAsync("r3"));
        Assert.Null(await store.Identity.FindTokenAsync("a3"));
        Assert.Equal("fam", (await store.Identity.FindTokenAsync("a2"))!.FamilyId);

        Assert.Equal(["a1", "a2"], (await store.Identity.RevokeFamilyAsync("fam", T0.AddMinutes(3))).Order(StringComparer.Ordinal));
        Assert.Equal(T0.AddMinutes(3), (await store.Identity.FindRefreshTokenAsync("r2"))!.RevokedAt);
        Assert.Equal(T0.AddMinutes(3), (await store.Identity.FindTokenAsync("a2"))!.RevokedAt);
        Assert.Null((await store.Identity.FindTokenAsync("other"))!.RevokedAt);
        Assert.Equal(5, await store.Identity.DeleteExpiredTokensAsync(T0.AddDays(2)));
    }

    [Fact]
    public async Task RevokeTokens_OneOrAllOfAnEnvironment_AreMarkedAndExpiredOnesDeleted()
    {
        await using var store = await OpenAsync();
        await store.Identity.CreateApplicationAsync(new StoredApplication("app", "o", "n", null, T0));
        await store.Identity.CreateTokenAsync(new StoredToken("a", "app", BackendEnvironment.Production, "u", T0, T0.AddMinutes(5), null));
        await store.Identity.CreateTokenAsync(new StoredToken("b", "app", BackendEnvironment.Production, "u", T0, T0.AddHours(2), null));
        await store.Identity.CreateTokenAsync(new StoredToken("c", "app", BackendEnvironment.Sandbox, "u", T0, T0.AddHours(2), null));

        Assert.True(await store.Identity.RevokeTokenAsync("a", T0.AddMinutes(1)));
        Assert.False(await store.Identity.RevokeTokenAsync("a", T0.AddMinutes(2)));
        Assert.Equal(["b"], await store.Identity.RevokeTokensAsync("app", "production", T0.AddMinutes(3)));
        Assert.Equal(["c"], await store.Identity.RevokeTokensAsync("app", null, T0.AddMinutes(4)));

        Assert.Equal(T0.AddMinutes(1), (await store.Identity.FindTokenAsync("a"))!.RevokedAt);
        Assert.Equal(T0.AddMinutes(3), (await store.Identity.FindTokenAsync("b"))!.RevokedAt);
        Assert.Equal(1, await store.Identity.DeleteExpiredTokensAsync(T0.AddHours(1)));
        Assert.Null(await store.Identity.FindTokenAsync("a"));
    }

    [Fact]
    public async Task AuditQueryAsync_FiltersByTimeActorAndTarget_NewestFirst()
    {
        await using var store = await OpenAsync();
        await store.Audit.AppendAsync(new AuditEntry(0, T0, "Admin", "127.0.0.1", "PUT /api/v1/listeners/a", "listeners/a", 200));
        await store.Audit.AppendAsync(new AuditEntry(0, T0.AddMinutes(1), "ops", null, "DELETE /api/v1/listeners/a", "listeners/a", 204));
        await store.Audit.AppendAsync(new AuditEntry(0, T0.AddMinutes(2), "admin", null, "POST /api/v1/users", "users/x", 201));

        var all = await store.Audit.QueryAsync(new AuditQuery());
        var byActor = await store.Audit.QueryAsync(new AuditQuery(Actor: "ADMIN"));
        var window = await store.Audit.QueryAsync(new AuditQuery(From: T0.AddMinutes(1), To: T0.AddMinutes(2)));
        var byTarget = await store.Audit.QueryAsync(new AuditQuery(Target: "LISTENERS/A", Limit: 1));

        Assert.Equal([201, 204, 200], all.Select(e => e.Outcome));
        Assert.Equal(T0, all[2].At);
        Assert.Equal("127.0.0.1", all[2].Remote);
        Assert.Equal([201, 200], byActor.Select(e => e.Outcome));
        Assert.Equal([204], window.Select(e => e.Outcome));
        Assert.Equal([204], byTarget.Select(e => e.Outcome));
    }

    [Fact]
    public async Task SetMetaAsync_ThenGet_ReturnsTheLatestValue()
    {
        await using var store = await OpenAsync();

        Assert.Null(await store.GetMetaAsync("seeded"));
        await store.SetMetaAsync("seeded", "yes");
        Assert.Equal("yes", await store.GetMetaAsync("seeded"));
        await store.SetMetaAsync("seeded", "again");
        Assert.Equal("again", await store.GetMetaAsync("seeded"));
    }

    [Fact]
    public async Task ListMetaAsync_Prefix_OnlyThoseEntriesInKeyOrder()
    {
        await using var store = await OpenAsync();
        await store.SetMetaAsync("keys_b", "2");
        await store.SetMetaAsync("keys_a", "1");
        await store.SetMetaAsync("keysX", "not under 'keys_' ('_' is no wildcard here)");
        await store.SetMetaAsync("other", "3");

        var listed = await store.ListMetaAsync("keys_");

        Assert.Equal([KeyValuePair.Create("keys_a", "1"), KeyValuePair.Create("keys_b", "2")], listed);
        Assert.Empty(await store.ListMetaAsync("nothing."));
    }

    [Fact]
    public async Task RecordAuthFailureAsync_ConcurrentFailures_EachCountedAndLockAtMax()
    {
        await using var store = await OpenAsync();

        // Nodes count the same subject at once: the count is one statement, so none is lost.
        var counted = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            store.Identity.RecordAuthFailureAsync("public", "ip:10.0.0.9", T0, T0.AddMinutes(-5), 5, T0.AddMinutes(15))));

        var found = Assert.Single(await store.Identity.FindAuthFailuresAsync("public", ["ip:10.0.0.9", "user:nobody"]));
        Assert.Equal(Enumerable.Range(1, 8), counted.Select(c => c.Failures).Order());
        Assert.Equal(8, found.Failures);
        Assert.Equal(T0.AddMinutes(15), found.LockedUntil);
        Assert.Equal(T0, found.WindowStart);
        Assert.Empty(await store.Identity.FindAuthFailuresAsync("admin", ["ip:10.0.0.9"]));
    }

    [Fact]
    public async Task RecordAuthFailureAsync_WindowOver_CountsFromOneAgain()
    {
        await using var store = await OpenAsync();
        await store.Identity.RecordAuthFailureAsync("admin", "user:ann", T0, T0.AddMinutes(-5), 3, T0.AddMinutes(15));
        await store.Identity.RecordAuthFailureAsync("admin", "user:ann", T0.AddMinutes(1), T0.AddMinutes(-4), 3, T0.AddMinutes(16));

        var later = T0.AddMinutes(10);
        var again = await store.Identity.RecordAuthFailureAsync("admin", "user:ann", later, later.AddMinutes(-5), 3, later.AddMinutes(15));

        Assert.Equal((1, later, later, (DateTimeOffset?)null), (again.Failures, again.WindowStart, again.LastFailure, again.LockedUntil));
    }

    [Fact]
    public async Task ClearAuthFailuresAsync_OneScopeOrAll_RemovesOnlyThose()
    {
        await using var store = await OpenAsync();
        foreach (var scope in new[] { "public", "admin" })
        {
            await store.Identity.RecordAuthFailureAsync(scope, "user:ann", T0, T0.AddMinutes(-5), 0, T0);
            await store.Identity.RecordAuthFailureAsync(scope, "user:bob", T0, T0.AddMinutes(-5), 0, T0);
        }

        var oneScope = await store.Identity.ClearAuthFailuresAsync("admin", "user:ann");
        var everyScope = await store.Identity.ClearAuthFailuresAsync(null, "user:bob");

        Assert.Equal((1, 2), (oneScope, everyScope));
        Assert.Equal(["public user:ann"], (await store.Identity.ListAuthFailuresAsync(T0.AddMinutes(-1))).Select(f => $"{f.Scope} {f.Subject}"));
    }

    [Fact]
    public async Task DeleteStaleAuthFailuresAsync_LockStillRunning_KeepsIt()
    {
        await using var store = await OpenAsync();
        await store.Identity.RecordAuthFailureAsync("public", "ip:10.0.0.1", T0, T0.AddMinutes(-5), 1, T0.AddHours(2));
        await store.Identity.RecordAuthFailureAsync("public", "ip:10.0.0.2", T0, T0.AddMinutes(-5), 0, T0);

        var deleted = await store.Identity.DeleteStaleAuthFailuresAsync(T0.AddHours(1));

        Assert.Equal(1, deleted);
        Assert.Equal(["ip:10.0.0.1"], (await store.Identity.ListAuthFailuresAsync(T0.AddHours(1))).Select(f => f.Subject));
    }

    [Fact]
    public async Task Captures_CreateAppendReadDelete_RoundTrip()
    {
        await using var store = await OpenAsync();
        var capture = new StoredCapture("cap_a", """{"target":{"api":"chat"}}""", StoredCapture.Running, null, T0, null, 0, 0, 0, "admin", "n1");
        await store.Captures.CreateAsync(capture);
        await store.Captures.CreateAsync(capture with { Id = "cap_b", StartedAt = T0.AddMinutes(1) });

        var records = Enumerable.Range(1, 5).Select(i => new StoredCaptureRecord(
            "cap_a", i, T0.AddSeconds(i), StoredCaptureRecord.Message, i % 2 == 0 ? "out" : "in", "text", "c1", $"m{i}", 2, null)).ToList();
        records.Add(new StoredCaptureRecord("cap_a", 6, T0.AddSeconds(6), StoredCaptureRecord.Message, "in", "binary", "c1", null, 100_000, "larger than 65536 bytes, not kept"));
        await store.Captures.AppendAsync(records, [capture with { State = StoredCapture.Stopped, StopReason = "maxMessages reached", StoppedAt = T0.AddMinutes(2), Messages = 6, Bytes = 10, Sampled = 3 }]);

        var list = await store.Captures.ListAsync();
        var found = await store.Captures.FindAsync("cap_a");
        var firstPage = await store.Captures.ReadAsync("cap_a", 0, 4);
        var secondPage = await store.Captures.ReadAsync("cap_a", firstPage[^1].Sequence, 4);

        Assert.Equal(["cap_b", "cap_a"], list.Select(c => c.Id));
        Assert.Equal((StoredCapture.Stopped, "maxMessages reached", 6L, 10L, 3L), (found!.State, found.StopReason, found.Messages, found.Bytes, found.Sampled));
        Assert.Equal(T0.AddMinutes(2), found.StoppedAt);
        Assert.Equal(["m1", "m2", "m3", "m4"], firstPage.Select(r => r.Payload));
        Assert.Equal(T0.AddSeconds(1), firstPage[0].At);
        Assert.Equal([5L, 6L], secondPage.Select(r => r.Sequence));
        Assert.Equal(("larger than 65536 bytes, not kept", 100_000L), (secondPage[1].Withheld, secondPage[1].Size));

        Assert.True(await store.Captures.DeleteAsync("cap_a"));
        Assert.False(await store.Captures.DeleteAsync("cap_a"));
        Assert.Empty(await store.Captures.ReadAsync("cap_a", 0, 10));
        Assert.Null(await store.Captures.FindAsync("cap_a"));
    }

    [Fact]
    public async Task Captures_StopRunning_MarksOnlyRunningOnesOfTheNodeOnASharedStore()
    {
        await using var store = await OpenAsync();
        await store.Captures.CreateAsync(new StoredCapture("cap_run", "{}", StoredCapture.Running, null, T0, null, 0, 0, 0, null, "n1"));
        await store.Captures.CreateAsync(new StoredCapture("cap_other", "{}", StoredCapture.Running, null, T0, null, 0, 0, 0, null, "n2"));
        await store.Captures.CreateAsync(new StoredCapture("cap_done", "{}", StoredCapture.Stopped, "duration reached", T0, T0, 0, 0, 0, null, "n1"));

        var stopped = await store.Captures.StopRunningAsync("n1", "server restarted", T0.AddHours(1));

        // A store other nodes share (PostgreSQL) keeps another node's running capture; SQLite has one node only.
        var shared = store is IClusterStore;
        Assert.Equal(shared ? 1 : 2, stopped);
        Assert.Equal("server restarted", (await store.Captures.FindAsync("cap_run"))!.StopReason);
        Assert.Equal(shared ? StoredCapture.Running : StoredCapture.Stopped, (await store.Captures.FindAsync("cap_other"))!.State);
        Assert.Equal("duration reached", (await store.Captures.FindAsync("cap_done"))!.StopReason);
        Assert.Equal("n2", (await store.Captures.FindAsync("cap_other"))!.NodeId);
    }

    [Fact]
    public async Task Captures_DeleteRunning_RefusedAndRecordsKept()
    {
        await using var store = await OpenAsync();
        var capture = new StoredCapture("cap_run", "{}", StoredCapture.Running, null, T0, null, 0, 0, 0, null, "n2");
        await store.Captures.CreateAsync(capture);
        await store.Captures.AppendAsync([new StoredCaptureRecord("cap_run", 1, T0, StoredCaptureRecord.Message, "in", "text", "c1", "m1", 2, null)], []);

        Assert.False(await store.Captures.DeleteAsync("cap_run"));
        Assert.NotNull(await store.Captures.FindAsync("cap_run"));
        Assert.Single(await store.Captures.ReadAsync("cap_run", 0, 10));
    }
}
