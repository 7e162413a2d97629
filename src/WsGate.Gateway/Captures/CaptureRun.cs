using WsGate.Configuration.Captures;
using WsGate.Forwarding;
using WsGate.Storage;

namespace WsGate.Captures;

/// <summary>
/// One running capture: decides for each message its taps offer whether it is stored (target, sample, bounds), turns it
/// into a redacted record, and stops itself at the first bound it would cross, so it never holds more than its bounds.
/// Called by every pump of every matching connection at once, so its state sits behind one lock; nothing here runs while
/// no capture is on.
/// </summary>
public sealed class CaptureRun
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly CaptureRedactor _redactor;
    private readonly RouteSet? _routes;
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _messages;
    private long _bytes;
    private long _sampled;
    private long _sequence;
    private string? _stopReason;
    private DateTimeOffset? _stoppedAt;

    public CaptureRun(string id, CaptureRequest request, string requestJson, DateTimeOffset startedAt, string? createdBy, string nodeId, RouteSet? routes, Random random)
    {
        NodeId = nodeId;
        Id = id;
        Request = request;
        RequestJson = requestJson;
        StartedAt = startedAt;
        CreatedBy = createdBy;
        _routes = routes;
        _random = random;
        _redactor = new CaptureRedactor(request.Redact);
    }

    public string Id { get; }

    public CaptureRequest Request { get; }

    public string RequestJson { get; }

    public DateTimeOffset StartedAt { get; }

    public string? CreatedBy { get; }

    /// <summary>The node that runs the capture.</summary>
    public string NodeId { get; }

    public bool IsStopped
    {
        get
        {
            lock (_gate)
            {
                return _stopReason is not null;
            }
        }
    }

    /// <summary>Set when the capture is deleted: its records still queued are not written.</summary>
    public bool Deleted { get; set; }

    /// <summary>Set (under the hub's index lock) once the stopped run left the index and its final state was queued.</summary>
    internal bool Retired { get; set; }

    /// <summary>Completes once the capture's final state was written to the store (or could not be, which was logged).</summary>
    public Task Settled => _settled.Task;

    /// <summary>Whether a tap of <paramref name="subject"/> may have messages for this capture.</summary>
    public bool Matches(CaptureSubject subject)
    {
        var target = Request.Target;
        return string.Equals(target.Api, subject.ApiId, StringComparison.OrdinalIgnoreCase)
            && (target.ConnectionId is null || target.ConnectionId == subject.ConnectionId)
            && (target.Route is null || subject.Route is null || target.Route == subject.Route);
    }

    /// <summary>A whole message seen by a tap; the record to store, or null when the capture leaves it out (or just stopped).</summary>
    public StoredCaptureRecord? Message(in CaptureSubject subject, bool inbound, bool isText, ReadOnlySpan<byte> payload, long size, bool whole, DateTimeOffset at)
    {
        // A message larger than a tap gathers is recorded without its payload, for its size and place in the conversation.
        if (Request.Target.Route is { } route && subject.Route is null && inbound
            && (!whole || _routes?.Select(payload, isText) != route))
        {
            // The client's side of a routed connection: only the messages that select the captured route.
            return null;
        }

        lock (_gate)
        {
            if (_stopReason is not null)
            {
                return null;
            }

            if (Request.SampleRate < 1 && _random.NextDouble() >= Request.SampleRate)
            {
                _sampled++;
                return null;
            }
        }

        // Redaction (a JSON parse) runs outside the lock; the bounds are checked again on the result under it.
        var (text, bytes, withheld) = whole ? _redactor.Message(isText, payload) : (null, 0L, $"larger than {Rules.MessageTap.MaxCaptured} bytes, not kept");
        lock (_gate)
        {
            if (_stopReason is not null || !Admit(bytes, at))
            {
                return null;
            }

            return new StoredCaptureRecord(Id, ++_sequence, at, StoredCaptureRecord.Message, inbound ? "in" : "out", isText ? "text" : "binary", subject.ConnectionId, text, whole ? bytes : size, withheld);
        }
    }

    /// <summary>A connection's handshake: its path and headers, credentials and the listed ones redacted.</summary>
    public StoredCaptureRecord? Handshake(string connectionId, string path, IEnumerable<KeyValuePair<string, string>> headers, string? apiKeyHeader, DateTimeOffset at)
    {
        var shown = $"{{\"path\":{System.Text.Json.JsonSerializer.Serialize(path)},\"headers\":{_redactor.Headers(headers, apiKeyHeader)}}}";
        lock (_gate)
        {
            if (_stopReason is not null || !Admit(0, at))
            {
                return null;
            }

            return new StoredCaptureRecord(Id, ++_sequence, at, StoredCaptureRecord.Handshake, null, null, connectionId, shown, 0, null);
        }
    }

    /// <summary>Stops the capture with <paramref name="reason"/>; false when it had already stopped.</summary>
    public bool Stop(string reason, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_stopReason is not null)
            {
                return false;
            }

            _stopReason = reason;
            _stoppedAt = at;
            return true;
        }
    }

    /// <summary>Takes a record back that could not be queued for writing.</summary>
    public void Retract(StoredCaptureRecord record)
    {
        lock (_gate)
        {
            _messages--;
            _bytes -= record.Payload is null ? 0 : record.Size;
        }
    }

    public StoredCapture Snapshot()
    {
        lock (_gate)
        {
            return new StoredCapture(
                Id, RequestJson, _stopReason is null ? StoredCapture.Running : StoredCapture.Stopped, _stopReason, StartedAt, _stoppedAt, _messages, _bytes, _sampled, CreatedBy, NodeId);
        }
    }

    internal void Settle() => _settled.TrySetResult();

    // Under the lock: room for one more record of this many bytes; the capture stops at the bound it reaches.
    private bool Admit(long bytes, DateTimeOffset at)
    {
        if (_bytes + bytes > Request.MaxBytes)
        {
            _stopReason = "maxBytes reached";
            _stoppedAt = at;
            return false;
        }

        _messages++;
        _bytes += bytes;
        if (_messages >= Request.MaxMessages)
        {
            _stopReason = "maxMessages reached";
            _stoppedAt = at;
        }

        return true;
    }
}
