using WsGate.Captures;
using WsGate.Configuration;
using WsGate.Configuration.Captures;
using WsGate.Configuration.Validation;
using WsGate.Forwarding;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>
/// The one way a capture is started, stopped or deleted, for the admin API and the console alike: the request validated
/// against the live configuration, the API named by its id, and another node's running capture left to that node.
/// </summary>
public sealed class CaptureControl(ICaptureStore store, CaptureHub hub, ConfigManager config)
{
    /// <summary>Starts a capture; a request that cannot be used throws <see cref="ConfigValidationException"/> naming its fields.</summary>
    public async Task<CaptureOutcome> StartAsync(CaptureRequest request, string? createdBy, CancellationToken cancellationToken)
    {
        var current = config.Current;
        var errors = new ErrorSink();
        CaptureRequestValidator.Validate(request, current, errors);
        errors.ThrowIfAny();

        var api = current.FindApi(request.Target.Api)!;
        request = request with { Target = request.Target with { Api = api.Id } };
        var routes = request.Target.Route is not null && api.Routing is { } routing ? RouteSet.For(routing) : null;
        var (run, refusal) = await hub.StartAsync(request, ConfigSerializer.ToJson(request), createdBy, routes, cancellationToken);
        return run is null ? CaptureOutcome.Conflict(refusal!) : CaptureOutcome.Done(run.Snapshot());
    }

    /// <summary>Stops a capture this node runs and answers once its final state is stored; what it stored stays.</summary>
    public async Task<CaptureOutcome> StopAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } capture)
        {
            return CaptureOutcome.NotFound(id);
        }

        if (await hub.StopAsync(id, "stopped by request", cancellationToken))
        {
            // Answered once the final state is in the store: a delete right after it is not refused.
            return CaptureOutcome.Done(await store.FindAsync(id, cancellationToken) ?? capture);
        }

        return RunningElsewhere(capture) ?? CaptureOutcome.Done(capture);
    }

    /// <summary>Deletes a capture that is not running, with its records.</summary>
    public async Task<CaptureOutcome> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } capture)
        {
            return CaptureOutcome.NotFound(id);
        }

        if (hub.Find(id) is { IsStopped: false })
        {
            return CaptureOutcome.Conflict($"capture '{id}' is running; stop it first");
        }

        if (RunningElsewhere(capture) is { } refusal)
        {
            return refusal;
        }

        if (await hub.DeleteAsync(id, cancellationToken))
        {
            return CaptureOutcome.Done(null);
        }

        // Deleted meanwhile, or still running as the store has it (this node could not write its final state).
        return await store.FindAsync(id, cancellationToken) is null
            ? CaptureOutcome.NotFound(id)
            : CaptureOutcome.Conflict($"capture '{id}' is running as the store has it; it can be deleted once stopped");
    }

    /// <summary>
    /// A capture another node runs: only that node can stop it (and until it stops it cannot be deleted), so the request is
    /// refused naming the node; null for a capture of this node or one that is not running.
    /// </summary>
    private CaptureOutcome? RunningElsewhere(StoredCapture capture) =>
        capture.State == StoredCapture.Running && capture.NodeId != hub.NodeId
            ? CaptureOutcome.Conflict($"capture '{capture.Id}' runs on node '{capture.NodeId}'; stop it through that node's admin API")
            : null;
}
