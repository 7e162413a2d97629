using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Analytics;
using WsGate.Configuration.Analytics;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>
/// Usage analytics from the per-minute rollups: usage over time by a dimension, top consumers, close codes, and the log
/// of recent failures with their reasons; plus the analytics settings. Rollups reach the store at each minute
/// boundary, so the current minute shows once it is over (failures not yet written are included from memory).
/// </summary>
public static class AnalyticsApi
{
    /// <summary>Minute buckets over more than this many days would be a very long answer; ask for hours or days instead.</summary>
    private const int MaxMinuteRangeDays = 7;

    // The handlers read the query themselves (TryReadQuery), so the document lists what they read.
    private static readonly HandReadParameter[] FilterParameters =
    [
        HandReadParameter.Query("api", "only this API"),
        HandReadParameter.Query("application", "only this application"),
        HandReadParameter.Query("listener", "only this listener"),
        HandReadParameter.Query("environment", "only production or sandbox"),
    ];

    private static readonly HandReadParameter[] UsageParameters =
    [
        HandReadParameter.Query("from", "start of the range, ISO 8601 (default: an hour before to)", format: "date-time"),
        HandReadParameter.Query("to", "end of the range, ISO 8601 (default: the end of the current minute)", format: "date-time"),
        HandReadParameter.Query("groupBy", "the dimension to group by (default: none; for top, application)", Names<UsageGrouping>()),
        HandReadParameter.Query("interval", "the bucket size; total is one bucket for the range (default)", Names<UsageInterval>()),
        .. FilterParameters,
    ];

    private static readonly HandReadParameter[] TopParameters =
    [
        .. UsageParameters,
        HandReadParameter.Query("by", "what to rank by (default: messages)", Names<UsageMetric>()),
        HandReadParameter.Query("limit", "how many, 1 to 1000 (default: 10)"),
    ];

    private static readonly HandReadParameter[] FailureParameters =
    [
        HandReadParameter.Query("from", "only failures at or after this time, ISO 8601", format: "date-time"),
        HandReadParameter.Query("to", "only failures before this time, ISO 8601", format: "date-time"),
        HandReadParameter.Query("kind", "only failures of this kind", [.. FailureKinds.All]),
        HandReadParameter.Query("api", "only failures of this API"),
        HandReadParameter.Query("limit", "how many, 1 to 1000 (default: 100)"),
    ];

    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/analytics").WithTags("Analytics");

        group.MapGet("/usage", async (HttpRequest request, IUsageStore store, TimeProvider time, CancellationToken ct) =>
        {
            if (!TryReadQuery(request, time, UsageGrouping.None, out var query, out var problem))
            {
                return problem;
            }

            if (query.Interval == UsageInterval.Minute && query.To - query.From > TimeSpan.FromDays(MaxMinuteRangeDays))
            {
                return AdminProblems.BadField("interval", $"minute buckets cover at most {MaxMinuteRangeDays} days; use hour or day");
            }

            return Results.Ok((await store.QueryUsageAsync(query, ct)).Select(UsagePointView.From));
        })
            .WithSummary("Usage over time (from, to, interval), grouped by a dimension and filtered by api, application, listener or environment")
            .ReadsParameters(UsageParameters)
            .Produces<IEnumerable<UsagePointView>>()
            .ProducesValidationProblem();

        group.MapGet("/top", async (HttpRequest request, IUsageStore store, TimeProvider time, CancellationToken ct) =>
        {
            if (!TryReadQuery(request, time, UsageGrouping.Application, out var query, out var problem))
            {
                return problem;
            }

            if (!TryParseEnum(request.Query["by"], UsageMetric.Messages, out UsageMetric by))
            {
                return AdminProblems.BadField("by", "must be messages, bytes, connections, errors or throttled");
            }

            if (!TryParseLimit(request.Query["limit"], 10, out var limit))
            {
                return AdminProblems.BadField("limit", "must be from 1 to 1000");
            }

            return Results.Ok((await store.TopAsync(query, by, limit, ct)).Select(UsagePointView.From));
        })
            .WithSummary("Top consumers by messages, bytes, connections, errors or throttled frames")
            .ReadsParameters(TopParameters)
            .Produces<IEnumerable<UsagePointView>>()
            .ProducesValidationProblem();

        group.MapGet("/close-codes", async (HttpRequest request, IUsageStore store, TimeProvider time, CancellationToken ct) =>
            TryReadQuery(request, time, UsageGrouping.None, out var query, out var problem)
                ? Results.Ok(await store.CloseCodesAsync(query, ct))
                : problem)
            .WithSummary("Close codes counted over a period")
            .ReadsParameters(UsageParameters)
            .Produces<IReadOnlyList<CloseCodeCount>>()
            .ProducesValidationProblem();

        group.MapGet("/failures", async (HttpRequest request, IUsageStore store, FailureLog log, TimeProvider time, CancellationToken ct) =>
        {
            if (!TryParseTime(request.Query["from"], "from", null, out var from, out var problem)
                || !TryParseTime(request.Query["to"], "to", null, out var to, out problem))
            {
                return problem;
            }

            var kind = request.Query["kind"].ToString();
            if (kind.Length > 0 && !FailureKinds.All.Contains(kind))
            {
                return AdminProblems.BadField("kind", $"must be one of {string.Join(", ", FailureKinds.All)}");
            }

            if (!TryParseLimit(request.Query["limit"], 100, out var limit))
            {
                return AdminProblems.BadField("limit", "must be from 1 to 1000");
            }

            var api = request.Query["api"].ToString();
            var query = new FailureQuery(from, to, kind.Length == 0 ? null : kind, api.Length == 0 ? null : api, limit);
            var pending = log.Unwritten().Where(f =>
                (from is null || f.At >= from) && (to is null || f.At < to) && (query.Kind is null || f.Kind == query.Kind)
                && (query.Api is null || string.Equals(f.Api, query.Api, StringComparison.OrdinalIgnoreCase)));
            var stored = await store.QueryFailuresAsync(query, ct);
            return Results.Ok(pending.Concat(stored).Take(limit));
        })
            .WithSummary("Recent failures (refused handshakes and credentials, backend and protocol errors) with their reasons, newest first")
            .ReadsParameters(FailureParameters)
            .Produces<IEnumerable<FailureRecord>>()
            .ProducesValidationProblem();

        group.MapGet("/settings", (ConfigManager config) => config.Current.Analytics)
            .WithSummary("Get the analytics settings");

        group.MapPut("/settings", async (HttpRequest request, ConfigManager config) =>
        {
            var settings = await RequestBody.ReadAsync<AnalyticsConfig>(request);
            var next = await config.ChangeAsync(c => c with { Analytics = settings }, cancellationToken: request.HttpContext.RequestAborted);
            return Results.Ok(next.Analytics);
        })
            .WithSummary("Replace the analytics settings")
            .ReadsJson<AnalyticsConfig>()
            .Produces<AnalyticsConfig>()
            .ProducesConfigChangeProblems();
    }

    /// <summary>
    /// Reads from, to (ISO 8601; the last hour by default, up to the end of the current minute), groupBy, interval and
    /// the dimension filters; a bad value is a problem naming its parameter.
    /// </summary>
    private static bool TryReadQuery(HttpRequest request, TimeProvider time, UsageGrouping defaultGrouping, out UsageQuery query, out IResult problem)
    {
        query = null!;
        var now = time.GetUtcNow();
        var endOfMinute = UsageRecorder.MinuteOf(now) + TimeSpan.FromMinutes(1);
        if (!TryParseTime(request.Query["to"], "to", endOfMinute, out var to, out problem)
            || !TryParseTime(request.Query["from"], "from", to!.Value - TimeSpan.FromHours(1), out var from, out problem))
        {
            return false;
        }

        if (from >= to)
        {
            problem = AdminProblems.BadField("from", "must be before to");
            return false;
        }

        if (!TryParseEnum(request.Query["groupBy"], defaultGrouping, out UsageGrouping grouping))
        {
            problem = AdminProblems.BadField("groupBy", "must be api, application, listener, environment or none");
            return false;
        }

        if (!TryParseEnum(request.Query["interval"], UsageInterval.Total, out UsageInterval interval))
        {
            problem = AdminProblems.BadField("interval", "must be minute, hour, day or total");
            return false;
        }

        string? Filter(string name) => request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
        query = new UsageQuery(from!.Value, to.Value, grouping, interval, Filter("api"), Filter("application"), Filter("listener"), Filter("environment"));
        problem = Results.Empty;
        return true;
    }

    private static bool TryParseTime(string? text, string field, DateTimeOffset? fallback, out DateTimeOffset? value, out IResult problem)
    {
        problem = Results.Empty;
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        value = null;
        problem = AdminProblems.BadField(field, $"'{text}' is not an ISO 8601 time such as 2026-11-21T10:00:00Z");
        return false;
    }

    private static bool TryParseEnum<T>(string? text, T fallback, out T value)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return Enum.TryParse(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);
    }

    private static string[] Names<T>()
        where T : struct, Enum =>
        [.. Enum.GetNames<T>().Select(n => n.ToLowerInvariant())];

    private static bool TryParseLimit(string? text, int fallback, out int limit)
    {
        if (string.IsNullOrEmpty(text))
        {
            limit = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= 1000;
    }
}
