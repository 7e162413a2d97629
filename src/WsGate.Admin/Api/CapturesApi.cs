using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Admin.Security;
using WsGate.Captures;
using WsGate.Configuration;
using WsGate.Configuration.Captures;
using WsGate.Configuration.Validation;
using WsGate.Forwarding;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>
/// Message captures: start one on an API, a route or a connection (bounded, sampled, redacted), follow it, stop it,
/// download its records as JSON lines, delete it. Run-time state kept in the store, not configuration.
/// </summary>
public static class CapturesApi
{
    public const string NdjsonContentType = "application/x-ndjson";

    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/captures").WithTags("Captures");
        group.MapGet("/", async (ICaptureStore store, CaptureHub hub, CancellationToken ct) =>
                (await store.ListAsync(ct)).Select(c => View(c, hub)).ToList())
            .WithSummary("List message captures, newest first")
            .Produces<IEnumerable<CaptureView>>();

        group.MapGet("/{id}", async (string id, ICaptureStore store, CaptureHub hub, CancellationToken ct) =>
                await store.FindAsync(id, ct) is { } capture ? Results.Ok(View(capture, hub)) : AdminProblems.NotFound($"no capture '{id}'"))
            .WithSummary("Get a message capture with its state and counters")
            .Produces<CaptureView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async (HttpRequest request, ConfigManager config, CaptureHub hub) =>
        {
            var body = await RequestBody.ReadAsync<CaptureRequest>(request);
            var errors = new ErrorSink();
            CaptureRequestValidator.Validate(body, config.Current, errors);
            errors.ThrowIfAny();

            var api = config.Current.FindApi(body.Target.Api)!;
            body = body with { Target = body.Target with { Api = api.Id } };
            var routes = body.Target.Route is not null && api.Routing is { } routing ? RouteSet.For(routing) : null;
            var json = ConfigSerializer.ToJson(body);
            var (run, refusal) = await hub.StartAsync(body, json, AdminPrincipal.From(request.HttpContext)?.Username, routes, request.HttpContext.RequestAborted);
            if (run is null)
            {
                return AdminProblems.Conflict(refusal!);
            }

            return Results.Created($"/api/v1/captures/{run.Id}", View(run.Snapshot(), hub));
        })
            .WithSummary("Start a message capture on an API, one of its routes or one connection")
            .ReadsJson<CaptureRequest>()
            .Produces<CaptureView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id}/stop", async (string id, ICaptureStore store, CaptureHub hub, CancellationToken ct) =>
        {
            if (await store.FindAsync(id, ct) is not { } capture)
            {
                return AdminProblems.NotFound($"no capture '{id}'");
            }

            if (await hub.StopAsync(id, "stopped by request", ct))
            {
                // Answered once the final state is in the store: a delete right after it is not refused.
                capture = await store.FindAsync(id, ct) ?? capture;
            }
            else if (RunningElsewhere(capture, hub) is { } refusal)
            {
                return refusal;
            }

            return Results.Ok(View(capture, hub));
        })
            .WithSummary("Stop a message capture; what it stored stays")
            .Produces<CaptureView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{id}", async (string id, ICaptureStore store, CaptureHub hub, CancellationToken ct) =>
        {
            if (await store.FindAsync(id, ct) is not { } capture)
            {
                return AdminProblems.NotFound($"no capture '{id}'");
            }

            if (hub.Find(id) is { IsStopped: false })
            {
                return AdminProblems.Conflict($"capture '{id}' is running; stop it first");
            }

            if (RunningElsewhere(capture, hub) is { } refusal)
            {
                return refusal;
            }

            if (await hub.DeleteAsync(id, ct))
            {
                return Results.NoContent();
            }

            // Deleted meanwhile, or still running as the store has it (this node could not write its final state).
            return await store.FindAsync(id, ct) is null
                ? AdminProblems.NotFound($"no capture '{id}'")
                : AdminProblems.Conflict($"capture '{id}' is running as the store has it; it can be deleted once stopped");
        })
            .WithSummary("Delete a stopped message capture with its records")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{id}/messages", async (string id, HttpContext context, ICaptureStore store, CancellationToken ct) =>
        {
            if (await store.FindAsync(id, ct) is null)
            {
                return AdminProblems.NotFound($"no capture '{id}'");
            }

            return Results.Stream(
                async body =>
                {
                    // Read and written a page at a time: a large capture is never held whole.
                    long after = 0;
                    while (true)
                    {
                        var page = await store.ReadAsync(id, after, 1000, ct);
                        foreach (var record in page)
                        {
                            await body.WriteAsync(Line(record), ct);
                        }

                        if (page.Count < 1000)
                        {
                            return;
                        }

                        after = page[^1].Sequence;
                    }
                },
                NdjsonContentType,
                $"{id}.ndjson");
        })
            .WithSummary("Download a capture's records as JSON lines (handshakes and messages, in order)")
            .Produces<string>(StatusCodes.Status200OK, NdjsonContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// One record as one line: <c>{"ts","kind":"message","direction":"in"|"out","opcode":"text"|"binary","connectionId","payload"}</c>
    /// (binary payloads in base64; a message not kept has <c>withheld</c> and <c>size</c> instead), or a handshake with its path and headers.
    /// </summary>
    public static byte[] Line(StoredCaptureRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ts", record.At);
            json.WriteString("kind", record.Kind);
            json.WriteString("connectionId", record.ConnectionId);
            if (record.Kind == StoredCaptureRecord.Handshake)
            {
                using var handshake = JsonDocument.Parse(record.Payload ?? "{}");
                foreach (var property in handshake.RootElement.EnumerateObject())
                {
                    property.WriteTo(json);
                }
            }
            else
            {
                json.WriteString("direction", record.Direction);
                json.WriteString("opcode", record.Opcode);
                json.WriteNumber("size", record.Size);
                if (record.Withheld is { } withheld)
                {
                    json.WriteString("withheld", withheld);
                }
                else
                {
                    json.WriteString("payload", record.Payload);
                }
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>
    /// A capture another node runs: only that node can stop it (and until it stops it cannot be deleted), so the request is
    /// refused naming the node; null for a capture of this node or one that is not running.
    /// </summary>
    private static IResult? RunningElsewhere(StoredCapture capture, CaptureHub hub) =>
        capture.State == StoredCapture.Running && capture.NodeId != hub.NodeId
            ? AdminProblems.Conflict($"capture '{capture.Id}' runs on node '{capture.NodeId}'; stop it through that node's admin API")
            : null;

    /// <summary>The stored capture, with the live counters while this node runs it.</summary>
    internal static CaptureView View(StoredCapture capture, CaptureHub hub)
    {
        var current = hub.Find(capture.Id)?.Snapshot() ?? capture;
        var request = ConfigSerializer.FromJson<CaptureRequest>(current.Request);
        return new CaptureView(
            current.Id,
            current.State,
            current.StopReason,
            request.Target,
            request.MaxMessages,
            request.MaxBytes,
            request.DurationMs,
            request.SampleRate,
            request.Redact,
            current.StartedAt,
            current.StoppedAt,
            current.Messages,
            current.Bytes,
            current.Sampled,
            current.CreatedBy,
            current.NodeId);
    }
}
