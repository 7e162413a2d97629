using Dapper;

namespace WsGate.Storage.Sql;

/// <summary>
/// Message captures and their records, for both backends. <paramref name="shared"/>: other nodes use the same store
/// (PostgreSQL), so a node marks stopped only its own captures when it restarts.
/// </summary>
internal sealed class CaptureStore(ISqlDatabase database, SqlDialect dialect, bool shared) : ICaptureStore
{
    private const string Columns =
        "id AS Id, request AS Request, state AS State, stop_reason AS StopReason, started_at AS StartedAt, stopped_at AS StoppedAt, " +
        "CAST(messages AS BIGINT) AS Messages, CAST(bytes AS BIGINT) AS Bytes, CAST(sampled AS BIGINT) AS Sampled, created_by AS CreatedBy, node_id AS NodeId";

    public Task CreateAsync(StoredCapture capture, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO captures (id, request, state, stop_reason, started_at, stopped_at, messages, bytes, sampled, created_by, node_id)
                VALUES (@Id, @Request, @State, @StopReason, @StartedAt, @StoppedAt, @Messages, @Bytes, @Sampled, @CreatedBy, @NodeId)
                """,
                Parameters(capture),
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    public Task AppendAsync(IReadOnlyList<StoredCaptureRecord> records, IReadOnlyList<StoredCapture> progress, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) =>
            {
                if (records.Count > 0)
                {
                    await c.ExecuteAsync(new CommandDefinition(
                        """
                        INSERT INTO capture_records (capture_id, seq, at, kind, direction, opcode, connection_id, payload, size, withheld)
                        VALUES (@CaptureId, @Sequence, @At, @Kind, @Direction, @Opcode, @ConnectionId, @Payload, @Size, @Withheld)
                        """,
                        records.Select(r => new { r.CaptureId, r.Sequence, At = dialect.Time(r.At), r.Kind, r.Direction, r.Opcode, r.ConnectionId, r.Payload, r.Size, r.Withheld }),
                        t,
                        cancellationToken: cancellationToken));
                }

                foreach (var capture in progress)
                {
                    await Update(c, t, capture, cancellationToken);
                }

                return 0;
            },
            cancellationToken);

    public Task<StoredCapture?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async c => await c.QuerySingleOrDefaultAsync<CaptureRow>(new CommandDefinition(
                $"SELECT {Columns} FROM captures WHERE id = @id", new { id }, cancellationToken: cancellationToken)) is { } row ? Read(row) : null,
            cancellationToken);

    public Task<IReadOnlyList<StoredCapture>> ListAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredCapture>>(
            async c => (await c.QueryAsync<CaptureRow>(new CommandDefinition(
                $"SELECT {Columns} FROM captures ORDER BY started_at DESC, id", cancellationToken: cancellationToken))).Select(Read).ToList(),
            cancellationToken);

    public Task<IReadOnlyList<StoredCaptureRecord>> ReadAsync(string id, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredCaptureRecord>>(
            async c => (await c.QueryAsync<CaptureRecordRow>(new CommandDefinition(
                    """
                    SELECT capture_id AS CaptureId, CAST(seq AS BIGINT) AS Seq, at AS At, kind AS Kind, direction AS Direction, opcode AS Opcode,
                           connection_id AS ConnectionId, payload AS Payload, CAST(size AS BIGINT) AS Size, withheld AS Withheld
                    FROM capture_records WHERE capture_id = @id AND seq > @afterSequence ORDER BY seq LIMIT @limit
                    """,
                    new { id, afterSequence, limit = Math.Clamp(limit, 1, 10_000) },
                    cancellationToken: cancellationToken)))
                .Select(r => new StoredCaptureRecord(r.CaptureId, r.Seq, dialect.ReadTime(r.At), r.Kind, r.Direction, r.Opcode, r.ConnectionId, r.Payload, r.Size, r.Withheld))
                .ToList(),
            cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (c, t) =>
            {
                // A running capture (on any node) is kept: its node still writes records for it.
                var parameters = new { id, StoredCapture.Running };
                if (await c.ExecuteAsync(new CommandDefinition("DELETE FROM captures WHERE id = @id AND state <> @Running", parameters, t, cancellationToken: cancellationToken)) == 0)
                {
                    return false;
                }

                // The cascade would do it, but not every SQLite connection has foreign keys on.
                await c.ExecuteAsync(new CommandDefinition("DELETE FROM capture_records WHERE capture_id = @id", parameters, t, cancellationToken: cancellationToken));
                return true;
            },
            cancellationToken);

    public Task<int> StopRunningAsync(string nodeId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (c, t) => c.ExecuteAsync(new CommandDefinition(
                "UPDATE captures SET state = @Stopped, stop_reason = @reason, stopped_at = @at WHERE state = @Running" + (shared ? " AND node_id = @nodeId" : ""),
                new { StoredCapture.Stopped, StoredCapture.Running, nodeId, reason, at = dialect.Time(at) },
                t,
                cancellationToken: cancellationToken)),
            cancellationToken);

    private Task<int> Update(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, StoredCapture capture, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE captures SET state = @State, stop_reason = @StopReason, stopped_at = @StoppedAt, messages = @Messages, bytes = @Bytes, sampled = @Sampled
            WHERE id = @Id
            """,
            Parameters(capture),
            transaction,
            cancellationToken: cancellationToken));

    private object Parameters(StoredCapture capture) => new
    {
        capture.Id,
        capture.Request,
        capture.State,
        capture.StopReason,
        StartedAt = dialect.Time(capture.StartedAt),
        StoppedAt = capture.StoppedAt is { } stopped ? dialect.Time(stopped) : null,
        capture.Messages,
        capture.Bytes,
        capture.Sampled,
        capture.CreatedBy,
        capture.NodeId,
    };

    private StoredCapture Read(CaptureRow row) =>
        new(row.Id, row.Request, row.State, row.StopReason, dialect.ReadTime(row.StartedAt), dialect.ReadOptionalTime(row.StoppedAt), row.Messages, row.Bytes, row.Sampled, row.CreatedBy, row.NodeId);
}
