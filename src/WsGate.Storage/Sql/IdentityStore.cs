using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using WsGate.Configuration.Apis;
using WsGate.Identity;

namespace WsGate.Storage.Sql;

/// <summary>
/// Users, groups, applications, keys, subscriptions and tokens, in SQLite or PostgreSQL: the statements are plain SQL
/// both accept, so the one set serves both; only time values go through the backend's <see cref="SqlDialect"/>.
/// </summary>
internal sealed class IdentityStore(ISqlDatabase database, SqlDialect dialect) : IIdentityStore
{
    private const string UserColumns = "username, password_hash AS PasswordHash, roles, groups, description, enabled, created_at AS CreatedAt";
    private const string KeyColumns = "application_id AS ApplicationId, environment, consumer_key AS ConsumerKey, consumer_secret_hash AS ConsumerSecretHash, api_key_hash AS ApiKeyHash, created_at AS CreatedAt";
    private const string TokenColumns = "token_hash AS TokenHash, application_id AS ApplicationId, environment, username, created_at AS CreatedAt, expires_at AS ExpiresAt, revoked_at AS RevokedAt, family_id AS FamilyId";
    private const string RefreshColumns = "token_hash AS TokenHash, family_id AS FamilyId, application_id AS ApplicationId, environment, consumer_key AS ConsumerKey, username, created_at AS CreatedAt, expires_at AS ExpiresAt, revoked_at AS RevokedAt";
    private const string CodeColumns = "code_hash AS CodeHash, family_id AS FamilyId, application_id AS ApplicationId, environment, consumer_key AS ConsumerKey, username, redirect_uri AS RedirectUri, code_challenge AS CodeChallenge, created_at AS CreatedAt, expires_at AS ExpiresAt, used_at AS UsedAt";

    public Task<StoredUser?> FindUserAsync(string username, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async c => (await c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
                $"SELECT {UserColumns} FROM users WHERE username = @username", new { username }, cancellationToken: cancellationToken)))?.ToUser(dialect),
            cancellationToken);

    public Task<int> CountUsersAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(c => c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM users", cancellationToken: cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<StoredUser>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredUser>>(
            async c => (await c.QueryAsync<UserRow>(new CommandDefinition($"SELECT {UserColumns} FROM users ORDER BY username", cancellationToken: cancellationToken)))
                .Select(r => r.ToUser(dialect)).ToList(),
            cancellationToken);

    public Task CreateUserAsync(StoredUser user, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO users (username, password_hash, roles, groups, description, enabled, created_at, updated_at) VALUES (@Username, @PasswordHash, @Roles, @Groups, @Description, @Enabled, @CreatedAt, @CreatedAt)",
                UserParameters(user),
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public Task<bool> UpdateUserAsync(StoredUser user, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) => await c.ExecuteAsync(new CommandDefinition(
                "UPDATE users SET password_hash = @PasswordHash, roles = @Roles, groups = @Groups, description = @Description, enabled = @Enabled, updated_at = @Now WHERE username = @Username",
                UserParameters(user),
                t,
                cancellationToken: cancellationToken)) == 1,
            cancellationToken);

    public Task<bool> DeleteUserAsync(string username, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) => await c.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE username = @username", new { username }, t, cancellationToken: cancellationToken)) == 1,
            cancellationToken);

    public Task<IReadOnlyList<StoredGroup>> ListGroupsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredGroup>>(
            async c => (await c.QueryAsync<GroupRow>(new CommandDefinition(
                    "SELECT name, description, created_at AS CreatedAt FROM groups ORDER BY name", cancellationToken: cancellationToken)))
                .Select(r => new StoredGroup(r.Name, r.Description, dialect.ReadTime(r.CreatedAt))).ToList(),
            cancellationToken);

    public Task<bool> CreateGroupAsync(StoredGroup group, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) => await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO groups (name, description, created_at) VALUES (@Name, @Description, @CreatedAt) ON CONFLICT DO NOTHING",
                new { group.Name, group.Description, CreatedAt = dialect.Time(group.CreatedAt) },
                t,
                cancellationToken: cancellationToken)) == 1,
            cancellationToken);

    public Task<bool> DeleteGroupAsync(string name, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) =>
            {
                var deleted = await c.ExecuteAsync(new CommandDefinition("DELETE FROM groups WHERE name = @name", new { name }, t, cancellationToken: cancellationToken)) == 1;
                var members = await c.QueryAsync<(string Username, string Groups)>(new CommandDefinition("SELECT username, groups FROM users", transaction: t, cancellationToken: cancellationToken));
                foreach (var (username, groups) in members)
                {
                    var list = JsonSerializer.Deserialize<string[]>(groups) ?? [];
                    if (list.Any(g => string.Equals(g, name, StringComparison.OrdinalIgnoreCase)))
                    {
                        var kept = list.Where(g => !string.Equals(g, name, StringComparison.OrdinalIgnoreCase)).ToArray();
                        await c.ExecuteAsync(new CommandDefinition(
                            "UPDATE users SET groups = @groups WHERE username = @username", new { username, groups = JsonSerializer.Serialize(kept) }, t, cancellationToken: cancellationToken));
                    }
                }

                return deleted;
            },
            cancellationToken);

    public Task<IReadOnlyList<StoredApplication>> ListApplicationsAsync(string? owner, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredApplication>>(
            async c => (await c.QueryAsync<ApplicationRow>(new CommandDefinition(
                    "SELECT id, owner, name, description, callback_urls AS CallbackUrls, created_at AS CreatedAt FROM applications WHERE CAST(@owner AS TEXT) IS NULL OR owner = @owner ORDER BY owner, name",
                    new { owner },
                    cancellationToken: cancellationToken)))
                .Select(r => r.ToApplication(dialect)).ToList(),
            cancellationToken);

    public Task<StoredApplication?> FindApplicationAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async c => (await c.QuerySingleOrDefaultAsync<ApplicationRow>(new CommandDefinition(
                "SELECT id, owner, name, description, callback_urls AS CallbackUrls, created_at AS CreatedAt FROM applications WHERE id = @id", new { id }, cancellationToken: cancellationToken)))?.ToApplication(dialect),
            cancellationToken);

    public Task<bool> CreateApplicationAsync(StoredApplication application, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) => await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO applications (id, owner, name, description, callback_urls, created_at) VALUES (@Id, @Owner, @Name, @Description, @CallbackUrls, @CreatedAt) ON CONFLICT DO NOTHING",
                new { application.Id, application.Owner, application.Name, application.Description, CallbackUrls = JsonSerializer.Serialize(application.CallbackUrls), CreatedAt = dialect.Time(application.CreatedAt) },
                t,
                cancellationToken: cancellationToken)) == 1,
            cancellationToken);

    public Task<bool> UpdateApplicationAsync(StoredApplication application, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) => await c.ExecuteAsync(new CommandDefinition(
                "UPDATE applications SET description = @Description, callback_urls = @CallbackUrls WHERE id = @Id",
                new { application.Id, application.Description, CallbackUrls = JsonSerializer.Serialize(application.CallbackUrls) },
                t,
                cancellationToken: cancellationToken)) == 1,
            cancellationToken);

    public Task<bool> DeleteApplicationAsync(string id, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) => await c.ExecuteAsync(new CommandDefinition("DELETE FROM applications WHERE id = @id", new { id }, t, cancellationToken: cancellationToken)) == 1,
            cancellationToken);

    public Task SaveKeyAsync(StoredApplicationKey key, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO application_keys (application_id, environment, consumer_key, consumer_secret_hash, api_key_hash, created_at)
                VALUES (@ApplicationId, @Environment, @ConsumerKey, @ConsumerSecretHash, @ApiKeyHash, @CreatedAt)
                ON CONFLICT (application_id, environment) DO UPDATE SET
                    consumer_key = excluded.consumer_key, consumer_secret_hash = excluded.consumer_secret_hash,
                    api_key_hash = excluded.api_key_hash, created_at = excluded.created_at
                """,
                new { key.ApplicationId, Environment = key.Environment.ToName(), key.ConsumerKey, key.ConsumerSecretHash, key.ApiKeyHash, CreatedAt = dialect.Time(key.CreatedAt) },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public Task<IReadOnlyList<StoredApplicationKey>> ListKeysAsync(string applicationId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredApplicationKey>>(
            async c => (await c.QueryAsync<KeyRow>(new CommandDefinition(
                    $"SELECT {KeyColumns} FROM application_keys WHERE application_id = @applicationId ORDER BY environment", new { applicationId }, cancellationToken: cancellationToken)))
                .Select(r => r.ToKey(dialect)).ToList(),
            cancellationToken);

    public Task<StoredApplicationKey?> FindKeyByConsumerKeyAsync(string consumerKey, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async c => (await c.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
                $"SELECT {KeyColumns} FROM application_keys WHERE consumer_key = @consumerKey", new { consumerKey }, cancellationToken: cancellationToken)))?.ToKey(dialect),
            cancellationToken);

    public Task<StoredApplicationKey?> FindKeyByApiKeyHashAsync(string apiKeyHash, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async c => (await c.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
                $"SELECT {KeyColumns} FROM application_keys WHERE api_key_hash = @apiKeyHash", new { apiKeyHash }, cancellationToken: cancellationToken)))?.ToKey(dialect),
            cancellationToken);

    public Task<IReadOnlyList<StoredSubscription>> ListSubscriptionsAsync(string? applicationId, string? apiId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredSubscription>>(
            async c => (await c.QueryAsync<SubscriptionRow>(new CommandDefinition(
                    "SELECT application_id AS ApplicationId, api_id AS ApiId, tier, created_at AS CreatedAt FROM subscriptions WHERE (CAST(@applicationId AS TEXT) IS NULL OR application_id = @applicationId) AND (CAST(@apiId AS TEXT) IS NULL OR api_id = @apiId) ORDER BY application_id, api_id",
                    new { applicationId, apiId },
                    cancellationToken: cancellationToken)))
                .Select(r => new StoredSubscription(r.ApplicationId, r.ApiId, r.Tier, dialect.ReadTime(r.CreatedAt))).ToList(),
            cancellationToken);

    public Task SaveSubscriptionAsync(StoredSubscription subscription, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO subscriptions (application_id, api_id, tier, created_at) VALUES (@ApplicationId, @ApiId, @Tier, @CreatedAt) ON CONFLICT (application_id, api_id) DO UPDATE SET tier = excluded.tier",
                new { subscription.ApplicationId, subscription.ApiId, subscription.Tier, CreatedAt = dialect.Time(subscription.CreatedAt) },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public Task<bool> DeleteSubscriptionAsync(string applicationId, string apiId, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) => await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM subscriptions WHERE application_id = @applicationId AND api_id = @apiId", new { applicationId, apiId }, t, cancellationToken: cancellationToken)) == 1,
            cancellationToken);

    public Task CreateTokenAsync(StoredToken token, CancellationToken cancellationToken = default) =>
        database.WriteAsync((c, t) => InsertTokenAsync(c, t, token, cancellationToken), cancellationToken);

    public Task CreateTokensAsync(StoredToken access, StoredRefreshToken refresh, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) =>
            {
                await InsertTokenAsync(c, t, access, cancellationToken);
                return await InsertRefreshTokenAsync(c, t, refresh, cancellationToken);
            },
            cancellationToken);

    public Task CreateAuthorizationCodeAsync(StoredAuthorizationCode code, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO authorization_codes (code_hash, family_id, application_id, environment, consumer_key, username, redirect_uri, code_challenge, created_at, expires_at, used_at)
                VALUES (@CodeHash, @FamilyId, @ApplicationId, @Environment, @ConsumerKey, @Username, @RedirectUri, @CodeChallenge, @CreatedAt, @ExpiresAt, NULL)
                """,
                new
                {
                    code.CodeHash,
                    code.FamilyId,
                    code.ApplicationId,
                    Environment = code.Environment.ToName(),
                    code.ConsumerKey,
                    code.Username,
                    code.RedirectUri,
                    code.CodeChallenge,
                    CreatedAt = dialect.Time(code.CreatedAt),
                    ExpiresAt = dialect.Time(code.ExpiresAt),
                },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    // The conditional UPDATE is the one-time guarantee: of two redemptions at once only one sees used_at still NULL.
    public Task<StoredAuthorizationCode?> RedeemAuthorizationCodeAsync(string codeHash, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) =>
            {
                var fresh = await c.QuerySingleOrDefaultAsync<CodeRow>(new CommandDefinition(
                    $"UPDATE authorization_codes SET used_at = @at WHERE code_hash = @codeHash AND used_at IS NULL RETURNING {CodeColumns}",
                    new { codeHash, at = dialect.Time(at) },
                    t,
                    cancellationToken: cancellationToken));
                if (fresh is not null)
                {
                    return fresh.ToCode(dialect) with { UsedAt = null };
                }

                return (await c.QuerySingleOrDefaultAsync<CodeRow>(new CommandDefinition(
                    $"SELECT {CodeColumns} FROM authorization_codes WHERE code_hash = @codeHash", new { codeHash }, t, cancellationToken: cancellationToken)))?.ToCode(dialect);
            },
            cancellationToken);

    public Task<StoredRefreshToken?> FindRefreshTokenAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async c => (await c.QuerySingleOrDefaultAsync<RefreshRow>(new CommandDefinition(
                $"SELECT {RefreshColumns} FROM refresh_tokens WHERE token_hash = @tokenHash", new { tokenHash }, cancellationToken: cancellationToken)))?.ToRefresh(dialect),
            cancellationToken);

    public Task<bool> RotateRefreshTokenAsync(string usedHash, DateTimeOffset at, StoredToken access, StoredRefreshToken next, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) =>
            {
                var revoked = await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE refresh_tokens SET revoked_at = @at WHERE token_hash = @usedHash AND revoked_at IS NULL", new { usedHash, at = dialect.Time(at) }, t, cancellationToken: cancellationToken));
                if (revoked != 1)
                {
                    return false;
                }

                await InsertTokenAsync(c, t, access, cancellationToken);
                await InsertRefreshTokenAsync(c, t, next, cancellationToken);
                return true;
            },
            cancellationToken);

    public Task<IReadOnlyList<string>> RevokeFamilyAsync(string familyId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.WriteAsync<IReadOnlyList<string>>(
            async (c, t) =>
            {
                var hashes = (await c.QueryAsync<string>(new CommandDefinition(
                    "SELECT token_hash FROM access_tokens WHERE family_id = @familyId AND revoked_at IS NULL", new { familyId }, t, cancellationToken: cancellationToken))).ToList();
                var parameters = new { familyId, at = dialect.Time(at) };
                await c.ExecuteAsync(new CommandDefinition("UPDATE access_tokens SET revoked_at = @at WHERE family_id = @familyId AND revoked_at IS NULL", parameters, t, cancellationToken: cancellationToken));
                await c.ExecuteAsync(new CommandDefinition("UPDATE refresh_tokens SET revoked_at = @at WHERE family_id = @familyId AND revoked_at IS NULL", parameters, t, cancellationToken: cancellationToken));
                await c.ExecuteAsync(new CommandDefinition("UPDATE authorization_codes SET used_at = @at WHERE family_id = @familyId AND used_at IS NULL", parameters, t, cancellationToken: cancellationToken));
                return hashes;
            },
            cancellationToken);

    private Task<int> InsertTokenAsync(DbConnection c, DbTransaction t, StoredToken token, CancellationToken cancellationToken) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO access_tokens (token_hash, application_id, environment, username, created_at, expires_at, revoked_at, family_id) VALUES (@TokenHash, @ApplicationId, @Environment, @Username, @CreatedAt, @ExpiresAt, NULL, @FamilyId)",
            new { token.TokenHash, token.ApplicationId, Environment = token.Environment.ToName(), token.Username, CreatedAt = dialect.Time(token.CreatedAt), ExpiresAt = dialect.Time(token.ExpiresAt), token.FamilyId },
            t,
            cancellationToken: cancellationToken));

    private Task<int> InsertRefreshTokenAsync(DbConnection c, DbTransaction t, StoredRefreshToken token, CancellationToken cancellationToken) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO refresh_tokens (token_hash, family_id, application_id, environment, consumer_key, username, created_at, expires_at, revoked_at)
            VALUES (@TokenHash, @FamilyId, @ApplicationId, @Environment, @ConsumerKey, @Username, @CreatedAt, @ExpiresAt, NULL)
            """,
            new
            {
                token.TokenHash,
                token.FamilyId,
                token.ApplicationId,
                Environment = token.Environment.ToName(),
                token.ConsumerKey,
                token.Username,
                CreatedAt = dialect.Time(token.CreatedAt),
                ExpiresAt = dialect.Time(token.ExpiresAt),
            },
            t,
            cancellationToken: cancellationToken));

    public Task<StoredToken?> FindTokenAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async c => (await c.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
                $"SELECT {TokenColumns} FROM access_tokens WHERE token_hash = @tokenHash", new { tokenHash }, cancellationToken: cancellationToken)))?.ToToken(dialect),
            cancellationToken);

    public Task<bool> RevokeTokenAsync(string tokenHash, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) => await c.ExecuteAsync(new CommandDefinition(
                "UPDATE access_tokens SET revoked_at = @at WHERE token_hash = @tokenHash AND revoked_at IS NULL", new { tokenHash, at = dialect.Time(at) }, t, cancellationToken: cancellationToken)) == 1,
            cancellationToken);

    public Task<IReadOnlyList<string>> RevokeTokensAsync(string applicationId, string? environment, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.WriteAsync<IReadOnlyList<string>>(
            async (c, t) =>
            {
                var hashes = (await c.QueryAsync<string>(new CommandDefinition(
                    "SELECT token_hash FROM access_tokens WHERE application_id = @applicationId AND (CAST(@environment AS TEXT) IS NULL OR environment = @environment) AND revoked_at IS NULL",
                    new { applicationId, environment },
                    t,
                    cancellationToken: cancellationToken))).ToList();
                var parameters = new { applicationId, environment, at = dialect.Time(at) };
                const string Match = "application_id = @applicationId AND (CAST(@environment AS TEXT) IS NULL OR environment = @environment)";
                await c.ExecuteAsync(new CommandDefinition($"UPDATE access_tokens SET revoked_at = @at WHERE {Match} AND revoked_at IS NULL", parameters, t, cancellationToken: cancellationToken));
                await c.ExecuteAsync(new CommandDefinition($"UPDATE refresh_tokens SET revoked_at = @at WHERE {Match} AND revoked_at IS NULL", parameters, t, cancellationToken: cancellationToken));
                await c.ExecuteAsync(new CommandDefinition($"DELETE FROM authorization_codes WHERE {Match} AND used_at IS NULL", parameters, t, cancellationToken: cancellationToken));
                return hashes;
            },
            cancellationToken);

    public Task<int> DeleteExpiredTokensAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) =>
            {
                var parameters = new { before = dialect.Time(before) };
                var deleted = await c.ExecuteAsync(new CommandDefinition("DELETE FROM access_tokens WHERE expires_at < @before", parameters, t, cancellationToken: cancellationToken));
                deleted += await c.ExecuteAsync(new CommandDefinition("DELETE FROM refresh_tokens WHERE expires_at < @before", parameters, t, cancellationToken: cancellationToken));
                return deleted + await c.ExecuteAsync(new CommandDefinition("DELETE FROM authorization_codes WHERE expires_at < @before", parameters, t, cancellationToken: cancellationToken));
            },
            cancellationToken);

    private const string AuthFailureColumns =
        "scope AS Scope, subject AS Subject, failures AS Failures, window_start AS WindowStart, last_failure AS LastFailure, locked_until AS LockedUntil";

    public Task<IReadOnlyList<StoredAuthFailure>> FindAuthFailuresAsync(string scope, IReadOnlyList<string> subjects, CancellationToken cancellationToken = default)
    {
        if (subjects.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<StoredAuthFailure>>([]);
        }

        // One parameter per subject (a source and a credential at most): Dapper expands "IN @list" on SQLite but passes
        // an array to Npgsql, so a list would need different SQL per backend.
        var parameters = new DynamicParameters(new { scope });
        for (var i = 0; i < subjects.Count; i++)
        {
            parameters.Add("s" + i.ToString(CultureInfo.InvariantCulture), subjects[i]);
        }

        var any = string.Join(" OR ", subjects.Select((_, i) => "subject = @s" + i.ToString(CultureInfo.InvariantCulture)));
        return database.ReadAsync<IReadOnlyList<StoredAuthFailure>>(
            async c => (await c.QueryAsync<AuthFailureRow>(new CommandDefinition(
                $"SELECT {AuthFailureColumns} FROM auth_failures WHERE scope = @scope AND ({any})", parameters, cancellationToken: cancellationToken))).Select(r => r.ToFailure(dialect)).ToList(),
            cancellationToken);
    }

    // One statement, so that nodes counting the same subject at once cannot lose a failure between a read and a write.
    public Task<StoredAuthFailure> RecordAuthFailureAsync(
        string scope, string subject, DateTimeOffset at, DateTimeOffset windowStart, int maxFailures, DateTimeOffset lockUntil, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) => (await c.QuerySingleAsync<AuthFailureRow>(new CommandDefinition(
                $"""
                INSERT INTO auth_failures AS f (scope, subject, failures, window_start, last_failure, locked_until)
                VALUES (@scope, @subject, 1, @at, @at, CASE WHEN @maxFailures > 0 AND 1 >= @maxFailures THEN @lockUntil END)
                ON CONFLICT (scope, subject) DO UPDATE SET
                    failures = CASE WHEN f.window_start < @windowStart THEN 1 ELSE f.failures + 1 END,
                    window_start = CASE WHEN f.window_start < @windowStart THEN @at ELSE f.window_start END,
                    last_failure = @at,
                    locked_until = CASE
                        WHEN @maxFailures > 0 AND (CASE WHEN f.window_start < @windowStart THEN 1 ELSE f.failures + 1 END) >= @maxFailures THEN @lockUntil
                        ELSE f.locked_until END
                RETURNING {AuthFailureColumns}
                """,
                new { scope, subject, at = dialect.Time(at), windowStart = dialect.Time(windowStart), maxFailures, lockUntil = dialect.Time(lockUntil) },
                t,
                cancellationToken: cancellationToken))).ToFailure(dialect),
            cancellationToken);

    public Task<IReadOnlyList<StoredAuthFailure>> ListAuthFailuresAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredAuthFailure>>(
            async c => (await c.QueryAsync<AuthFailureRow>(new CommandDefinition(
                $"SELECT {AuthFailureColumns} FROM auth_failures WHERE last_failure >= @since OR locked_until >= @since ORDER BY last_failure DESC, scope, subject",
                new { since = dialect.Time(since) },
                cancellationToken: cancellationToken))).Select(r => r.ToFailure(dialect)).ToList(),
            cancellationToken);

    public Task<int> ClearAuthFailuresAsync(string? scope, string subject, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM auth_failures WHERE (CAST(@scope AS TEXT) IS NULL OR scope = @scope) AND subject = @subject", new { scope, subject }, t, cancellationToken: cancellationToken)),
            cancellationToken);

    public Task<int> DeleteStaleAuthFailuresAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM auth_failures WHERE last_failure < @before AND (locked_until IS NULL OR locked_until < @before)",
                new { before = dialect.Time(before) },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    private object UserParameters(StoredUser user) => new
    {
        user.Username,
        user.PasswordHash,
        Roles = JsonSerializer.Serialize(user.Roles),
        Groups = JsonSerializer.Serialize(user.Groups),
        user.Description,
        user.Enabled,
        CreatedAt = dialect.Time(user.CreatedAt),
        Now = dialect.Time(DateTimeOffset.UtcNow),
    };

    // Rows are classes with settable properties, and times and flags are read as object: SQLite returns times as text
    // and flags as INTEGER, PostgreSQL as timestamptz and boolean, and the dialect (or Convert) turns either into the value.
    private sealed class UserRow
    {
        public required string Username { get; init; }

        public required string PasswordHash { get; init; }

        public required string Roles { get; init; }

        public required string Groups { get; init; }

        public string? Description { get; init; }

        public required object Enabled { get; init; }

        public required object CreatedAt { get; init; }

        public StoredUser ToUser(SqlDialect dialect) => new()
        {
            Username = Username,
            PasswordHash = PasswordHash,
            Roles = JsonSerializer.Deserialize<string[]>(Roles) ?? [],
            Groups = JsonSerializer.Deserialize<string[]>(Groups) ?? [],
            Description = Description,
            Enabled = Convert.ToBoolean(Enabled, CultureInfo.InvariantCulture),
            CreatedAt = dialect.ReadTime(CreatedAt),
        };
    }

    private sealed class GroupRow
    {
        public required string Name { get; init; }

        public string? Description { get; init; }

        public required object CreatedAt { get; init; }
    }

    private sealed class ApplicationRow
    {
        public required string Id { get; init; }

        public required string Owner { get; init; }

        public required string Name { get; init; }

        public string? Description { get; init; }

        public required string CallbackUrls { get; init; }

        public required object CreatedAt { get; init; }

        public StoredApplication ToApplication(SqlDialect dialect) =>
            new(Id, Owner, Name, Description, dialect.ReadTime(CreatedAt)) { CallbackUrls = JsonSerializer.Deserialize<string[]>(CallbackUrls) ?? [] };
    }

    private sealed class KeyRow
    {
        public required string ApplicationId { get; init; }

        public required string Environment { get; init; }

        public required string ConsumerKey { get; init; }

        public required string ConsumerSecretHash { get; init; }

        public string? ApiKeyHash { get; init; }

        public required object CreatedAt { get; init; }

        public StoredApplicationKey ToKey(SqlDialect dialect) =>
            new(ApplicationId, EnvironmentNames.Parse(Environment), ConsumerKey, ConsumerSecretHash, ApiKeyHash, dialect.ReadTime(CreatedAt));
    }

    private sealed class SubscriptionRow
    {
        public required string ApplicationId { get; init; }

        public required string ApiId { get; init; }

        public required string Tier { get; init; }

        public required object CreatedAt { get; init; }
    }

    private sealed class AuthFailureRow
    {
        public required string Scope { get; init; }

        public required string Subject { get; init; }

        public required long Failures { get; init; }

        public required object WindowStart { get; init; }

        public required object LastFailure { get; init; }

        public object? LockedUntil { get; init; }

        public StoredAuthFailure ToFailure(SqlDialect dialect) =>
            new(Scope, Subject, (int)Failures, dialect.ReadTime(WindowStart), dialect.ReadTime(LastFailure), dialect.ReadOptionalTime(LockedUntil));
    }

    private sealed class TokenRow
    {
        public required string TokenHash { get; init; }

        public required string ApplicationId { get; init; }

        public required string Environment { get; init; }

        public required string Username { get; init; }

        public required object CreatedAt { get; init; }

        public required object ExpiresAt { get; init; }

        public object? RevokedAt { get; init; }

        public string? FamilyId { get; init; }

        public StoredToken ToToken(SqlDialect dialect) => new(
            TokenHash,
            ApplicationId,
            EnvironmentNames.Parse(Environment),
            Username,
            dialect.ReadTime(CreatedAt),
            dialect.ReadTime(ExpiresAt),
            dialect.ReadOptionalTime(RevokedAt))
        {
            FamilyId = FamilyId,
        };
    }

    private sealed class RefreshRow
    {
        public required string TokenHash { get; init; }

        public required string FamilyId { get; init; }

        public required string ApplicationId { get; init; }

        public required string Environment { get; init; }

        public required string ConsumerKey { get; init; }

        public required string Username { get; init; }

        public required object CreatedAt { get; init; }

        public required object ExpiresAt { get; init; }

        public object? RevokedAt { get; init; }

        public StoredRefreshToken ToRefresh(SqlDialect dialect) => new(
            TokenHash,
            FamilyId,
            ApplicationId,
            EnvironmentNames.Parse(Environment),
            ConsumerKey,
            Username,
            dialect.ReadTime(CreatedAt),
            dialect.ReadTime(ExpiresAt),
            dialect.ReadOptionalTime(RevokedAt));
    }

    private sealed class CodeRow
    {
        public required string CodeHash { get; init; }

        public required string FamilyId { get; init; }

        public required string ApplicationId { get; init; }

        public required string Environment { get; init; }

        public required string ConsumerKey { get; init; }

        public required string Username { get; init; }

        public required string RedirectUri { get; init; }

        public required string CodeChallenge { get; init; }

        public required object CreatedAt { get; init; }

        public required object ExpiresAt { get; init; }

        public object? UsedAt { get; init; }

        public StoredAuthorizationCode ToCode(SqlDialect dialect) => new(
            CodeHash,
            FamilyId,
            ApplicationId,
            EnvironmentNames.Parse(Environment),
            ConsumerKey,
            Username,
            RedirectUri,
            CodeChallenge,
            dialect.ReadTime(CreatedAt),
            dialect.ReadTime(ExpiresAt),
            dialect.ReadOptionalTime(UsedAt));
    }
}
