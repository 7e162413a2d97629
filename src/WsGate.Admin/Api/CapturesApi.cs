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

        group.MapPost("/", async (HttpRequest request, CaptureControl control, CaptureHub hub) =>
        {
            var body = await RequestBody.ReadAsync<CaptureRequest>(request);
            var outcome = await control.StartAsync(body, AdminPrincipal.From(request.HttpContext)?.Username, request.HttpContext.RequestAborted);
            return outcome.Capture is { } capture ? Results.Created($"/api/v1/captures/{capture.Id}", View(capture, hub)) : Refused(outcome);
        })
            .WithSummary("Start a message capture on an API, one of its routes or one connection")
            .ReadsJson<CaptureRequest>()
            .Produces<CaptureView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id}/stop", async (string id, CaptureControl control, CaptureHub hub, CancellationToken ct) =>
        {
            var outcome = await control.StopAsync(id, ct);
            return outcome.Kind == CaptureOutcomeKind.Done ? Results.Ok(View(outcome.Capture!, hub)) : Refused(outcome);
        })
            .WithSummary("Stop a message capture; what it stored stays")
            .Produces<CaptureView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{id}", async (string id, CaptureControl control, CancellationToken ct) =>
        {
            var outcome = await control.DeleteAsync(id, ct);
            return outcome.Kind == CaptureOutcomeKind.Done ? Results.NoContent() : Refused(outcome);
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

            return Results.Stream(body => WriteLinesAsync(store, id, body, ct),
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

    /// <summary>Writes a capture's records as JSON lines, read and written a page at a time: a large capture is never held whole.</summary>
    public static async Task WriteLinesAsync(ICaptureStore store, string id, Stream body, CancellationToken cancellationToken)
    {
        const int PageSize = 1000;
        long after = 0;
        while (true)
        {
            var page = await store.ReadAsync(id, after, PageSize, cancellationToken);
            foreach (var record in page)
            {
                await body.WriteAsync(Line(record), cancellationToken);
            }

            if (page.Count < PageSize)
            {
                return;
            }

            after = page[^1].Sequence;
        }
    }

    private static IResult Refused(CaptureOutcome outcome) =>
        outcome.Kind == CaptureOutcomeKind.NotFound ? AdminProblems.NotFound(outcome.Reason!) : AdminProblems.Conflict(outcome.Reason!);

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
