using System.Net;
using System.Net.WebSockets;
using WsGate.Captures;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Rules;
using WsGate.Throttling;

namespace WsGate.Connections;

/// <summary>
/// What every live connection has, whether WsGate terminates its WebSocket (<see cref="WebSocketSession"/>: echo and
/// channel endpoints) or relays it (<c>RelayConnection</c>, <c>RoutedConnection</c>): identity, counters, the limits that
/// apply to it, a way to close it, and how it runs. <see cref="ConnectionLifetime"/> owns every one of them from its 101
/// to its end.
/// </summary>
public abstract class LiveConnection
{
    private readonly TimeProvider _time;
    private CancellationTokenSource? _aborted;
    private MessageTap? _tap;
    private long _messagesIn;
    private long _bytesIn;
    private long _messagesOut;
    private long _bytesOut;
    private long _lastReceived;
    private int _closing;
    private readonly string? _user;
    private ApiBinding? _api;

    protected LiveConnection(string id, ListenerRuntime listener, string path, string kind, IPEndPoint? remote, string? user, ApiBinding? api, TimeProvider time)
    {
        Id = id;
        Listener = listener;
        Path = path;
        Kind = kind;
        Remote = remote;
        _user = user;
        _api = api;
        _time = time;
        ConnectedAt = time.GetUtcNow();
        ConnectedTimestamp = time.GetTimestamp();
        _lastReceived = ConnectedTimestamp;
    }

    public string Id { get; }

    public ListenerRuntime Listener { get; }

    public string Path { get; }

    /// <summary><c>echo</c>, <c>channel</c> or <c>api</c>.</summary>
    public string Kind { get; }

    public IPEndPoint? Remote { get; }

    /// <summary>The authenticated user, if any.</summary>
    public string? User => _user ?? Principal.Username;

    /// <summary>The API, environment and backend of a proxied connection; the backend changes when the relay fails over.</summary>
    public ApiBinding? Api
    {
        get => Volatile.Read(ref _api);
        set => Volatile.Write(ref _api, value);
    }

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>The HTTP version of the client's handshake: <c>1.1</c>, or <c>2</c> (RFC 8441).</summary>
    public string HttpVersion { get; internal set; } = "1.1";

    /// <summary>Who the connection authenticated as; checked again while it is open by the credential monitor.</summary>
    public ConnectionPrincipal Principal { get; init; } = ConnectionPrincipal.Anonymous;

    /// <summary>Set when the credential stopped being valid: the connection is closed with 1008 at <c>Due</c>.</summary>
    public (DateTimeOffset Due, string Reason)? PendingRevocation { get; set; }

    protected long ConnectedTimestamp { get; }

    protected TimeProvider Time => _time;

    /// <summary>Client to server (or to backend) messages and their payload bytes, read from frame headers in both relay modes.</summary>
    public long MessagesIn => Interlocked.Read(ref _messagesIn);

    public long BytesIn => Interlocked.Read(ref _bytesIn);

    public long MessagesOut => Interlocked.Read(ref _messagesOut);

    public long BytesOut => Interlocked.Read(ref _bytesOut);

    public virtual long Dropped => 0;

    /// <summary>The connection's rate limits and its share of the connection caps; null when none were looked up.</summary>
    public ConnectionThrottle? Throttle { get; protected init; }

    /// <summary>Messages this connection had throttled (dropped, delayed, or closed for).</summary>
    public long Throttled => Throttle?.Throttled ?? 0;
    /// <summary>The close code the connection ended with, when a close frame said one (analytics counts connections by it).</summary>
    public virtual int? CloseCode => null;

    /// <summary>The reason of that close frame, if it gave one.</summary>
    public virtual string? CloseReason => null;

    /// <summary>Why the connection was failed (a protocol error, a limit, a lost backend), for the failure log; null for a normal end.</summary>
    public string? ProtocolError { get; protected set; }

    /// <summary>
    /// Whether WsGate sees this connection's messages: rules can read them and WsGate can put its own between them (server
    /// push, replies). A <c>stream</c> relay carries frames it does not terminate, so it only counts them.
    /// </summary>
    public virtual bool SeesMessages => true;

    /// <summary>The rules that may want this connection's messages; set by the lifetime when it sees them.</summary>
    public RuleQueue? Rules { get; set; }

    /// <summary>Offers the client's messages to rules and captures, made with the first message (an idle connection has none).</summary>
    public MessageTap? Tap => _tap ??= Rules?.TapFor(this);

    /// <summary>A tap for the messages one backend (of <paramref name="route"/>, when routed by content) sends the client: captures only.</summary>
    public MessageTap? NewReplyTap(string? route) => Rules?.TapFor(this, inbound: false, route);

    /// <summary>
    /// The heartbeat's keepalive tick for connections that run their own (relays ping each side); a terminated WebSocket
    /// keeps itself alive.
    /// </summary>
    internal virtual void KeepAlive(TimeSpan interval, TimeSpan pongTimeout)
    {
    }

    /// <summary>Runs the connection until both sides are done with it; <see cref="ConnectionLifetime"/> calls it once.</summary>
    internal abstract Task RunAsync();

    /// <summary>Releases what the connection holds (sockets, timers); called once, after <see cref="RunAsync"/>.</summary>
    internal abstract ValueTask DisposeAsync();

    /// <summary>Cancelled when the connection is aborted; made on first use, as most connections end without being aborted.</summary>
    public CancellationToken Aborted => AbortedSource.Token;

    private CancellationTokenSource AbortedSource
    {
        get
        {
            if (Volatile.Read(ref _aborted) is { } source)
            {
                return source;
            }

            var created = new CancellationTokenSource();
            return Interlocked.CompareExchange(ref _aborted, created, null) ?? created;
        }
    }

    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    public TimeSpan IdleFor => _time.GetElapsedTime(Interlocked.Read(ref _lastReceived));

    public TimeSpan Age => _time.GetElapsedTime(ConnectedTimestamp);

    /// <summary>The API's limit when it sets one, else the listener's.</summary>
    public long MaxMessageSize => Api?.Api.Config.Limits.MaxMessageSize is > 0 and var apiLimit ? apiLimit : Listener.Config.MaxMessageSize;

    public int IdleTimeoutMs => Api?.Api.Config.Limits.IdleTimeoutMs is > 0 and var apiLimit ? apiLimit : Listener.Config.IdleTimeoutMs;

    /// <summary>
    /// How long the backend has sent no message, for the API's backend-side idle timeout; null for a connection WsGate
    /// answers itself (echo, channels), which has no backend.
    /// </summary>
    public virtual TimeSpan? BackendIdleFor => null;

    /// <summary>
    /// An API connection's limit is the shorter of the API's and the listener's (the port is the operator's ceiling for
    /// everything it serves); a connection to the listener's own endpoint has that endpoint's limit, else the listener's.
    /// 0 is unlimited. Read on each heartbeat from the live configuration, so a change applies to connections already open.
    /// </summary>
    public long MaxDurationMs => Api is { } api
        ? Shorter(api.Api.Config.Limits.MaxConnectionDurationMs, Listener.Config.MaxConnectionDurationMs)
        : Listener.FindEndpoint(Path)?.MaxConnectionDurationMs ?? Listener.Config.MaxConnectionDurationMs;

    private static long Shorter(long a, long b) => a == 0 ? b : b == 0 ? a : Math.Min(a, b);

    /// <summary>Starts closing with <paramref name="status"/>; a peer that does not answer is cut off after a timeout.</summary>
    public abstract Task CloseAsync(WebSocketCloseStatus status, string? reason);

    /// <summary>Queues a message for the client; false when the connection is closing or cannot take messages.</summary>
    public abstract bool Enqueue(OutboundMessage message);

    public virtual void Abort()
    {
        MarkClosing();
        try
        {
            AbortedSource.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    protected bool MarkClosing() => Interlocked.Exchange(ref _closing, 1) == 0;

    protected void AbortAfter(TimeSpan delay)
    {
        try
        {
            AbortedSource.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    protected void DisposeAborted() => _aborted?.Dispose();

    protected internal void CountIn(long bytes, bool endOfMessage)
    {
        Interlocked.Exchange(ref _lastReceived, _time.GetTimestamp());
        Interlocked.Add(ref _bytesIn, bytes);
        if (endOfMessage)
        {
            Interlocked.Increment(ref _messagesIn);
        }
    }

    protected internal void CountIn(long bytes, long messages)
    {
        Interlocked.Exchange(ref _lastReceived, _time.GetTimestamp());
        Interlocked.Add(ref _bytesIn, bytes);
        Interlocked.Add(ref _messagesIn, messages);
    }

    protected internal void CountOut(long bytes, long messages)
    {
        Interlocked.Add(ref _bytesOut, bytes);
        Interlocked.Add(ref _messagesOut, messages);
    }

    protected internal void CountOut(long bytes, bool endOfMessage)
    {
        Interlocked.Add(ref _bytesOut, bytes);
        if (endOfMessage)
        {
            Interlocked.Increment(ref _messagesOut);
        }
    }

    protected void Touch() => Interlocked.Exchange(ref _lastReceived, _time.GetTimestamp());
}
