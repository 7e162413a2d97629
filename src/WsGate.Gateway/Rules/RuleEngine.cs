using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Channels;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Rules;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Management;
using WsGate.Outbound;

namespace WsGate.Rules;

/// <summary>
/// Runs rules and bridges off the hot path: one worker reads the bounded <see cref="RuleQueue"/> in order and runs, for
/// each event, every enabled rule it matches, action after action. A failing action is logged with the rule's id and
/// counted, and the next event goes on; webhooks run beside the worker (at most <see cref="MaxWebhooksInFlight"/>) so a
/// slow receiver never holds up the queue.
/// </summary>
public sealed class RuleEngine : IConfigApplier, IHostedService, IDisposable
{
    public const int MaxWebhooksInFlight = 32;
    private static readonly HttpAnswer NoAnswer = new(204, new Dictionary<string, string>(), "", null);

    private readonly RuleQueue _queue;
    private readonly OutboundClientManager _clients;
    private readonly ChannelBroker _broker;
    private readonly ConnectionRegistry _registry;
    private readonly WebhookSender _webhooks;
    private readonly TimeProvider _time;
    private readonly ILogger<RuleEngine> _logger;
    private readonly SemaphoreSlim _webhookSlots = new(MaxWebhooksInFlight, MaxWebhooksInFlight);
    private readonly Dictionary<string, RuleStats> _stats = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private volatile Snapshot _snapshot = new([], []);
    private Task? _worker;
    private long _webhookOverflow;
    private int _stopped;

    public RuleEngine(RuleQueue queue, OutboundClientManager clients, ChannelBroker broker, ConnectionRegistry registry, WebhookSender webhooks, TimeProvider time, ILogger<RuleEngine> logger)
    {
        _queue = queue;
        _clients = clients;
        _broker = broker;
        _registry = registry;
        _webhooks = webhooks;
        _time = time;
        _logger = logger;

        // The broker is told of every publish, from clients, the admin API, rules and bridges alike.
        broker.Observer = queue.ChannelPublished;
    }

    public RuleQueue Queue => _queue;

    public long WebhookOverflow => Interlocked.Read(ref _webhookOverflow);

    public RuleStats? StatsFor(string id)
    {
        lock (_stats)
        {
            return _stats.GetValueOrDefault(id);
        }
    }

    public Task ApplyAsync(GatewayConfig config, CancellationToken cancellationToken)
    {
        lock (_stats)
        {
            // An API's mock replies are rules on that API which answer only its prototype connections; a retired API has none left.
            var mocks = config.Apis
                .Where(a => a.Mock is not null && a.Lifecycle != ApiLifecycle.Retired)
                .SelectMany(a => a.Mock!.ToRules(a.Id))
                .ToList();
            var ids = config.Rules.Select(r => "rule:" + r.Id)
                .Concat(mocks.Select(r => "rule:" + r.Id))
                .Concat(config.Bridges.Select(b => "bridge:" + b.Id))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var stale in _stats.Keys.Where(k => !ids.Contains(k)).ToList())
            {
                _stats.Remove(stale);
            }

            var rules = config.Rules.Where(r => r.Enabled).Select(r => new CompiledRule(r, Stats("rule:" + r.Id)))
                .Concat(mocks.Select(r => new CompiledRule(r, Stats("rule:" + r.Id), prototypeOnly: true)))
                .ToArray();
            var bridges = config.Bridges.Where(b => b.Enabled).Select(b => (b, Stats("bridge:" + b.Id))).ToArray();
            _snapshot = new Snapshot(rules, bridges);
        }

        _queue.Index = new RuleIndex(config);
        return Task.CompletedTask;
    }

    public RuleStats? RuleStatsFor(string id) => StatsFor("rule:" + id);

    public RuleStats? BridgeStatsFor(string id) => StatsFor("bridge:" + id);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _worker = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops the worker; a second stop (the host may be stopped again after disposal) does nothing.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_worker is not null)
        {
            try
            {
                await _worker.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _stopped, 1);
        _stopping.Dispose();
        _webhookSlots.Dispose();
    }

    private RuleStats Stats(string key)
    {
        if (!_stats.TryGetValue(key, out var stats))
        {
            _stats[key] = stats = new RuleStats();
        }

        return stats;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var ruleEvent in _queue.Reader.ReadAllAsync(stopping))
            {
                await ProcessAsync(ruleEvent, stopping);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Runs every matching rule and bridge for one event; nothing it does can end the worker.</summary>
    internal async Task ProcessAsync(RuleEvent ruleEvent, CancellationToken stopping)
    {
        var snapshot = _snapshot;
        var failed = false;
        var matched = false;
        foreach (var rule in snapshot.Rules)
        {
            if (ruleEvent.Uncaptured || !Matches(rule, ruleEvent))
            {
                continue;
            }

            matched = true;
            rule.Stats.CountFired(_time.GetUtcNow());
            for (var i = 0; i < rule.Config.Actions.Count; i++)
            {
                var action = rule.Config.Actions[i];
                try
                {
                    await RunActionAsync(rule, i, ruleEvent, stopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    failed = true;
                    rule.Stats.CountFailed($"action {i} ({action.Type.ToString().ToLowerInvariant()}): {ex.Message}");
                    RuleLog.RuleFailed(_logger, rule.Id, i, action.Type.ToString().ToLowerInvariant(), ex.Message, ex is RuleActionException ? null : ex);
                    break;
                }
            }
        }

        foreach (var (bridge, stats) in snapshot.Bridges)
        {
            try
            {
                await RunBridgeAsync(bridge, stats, ruleEvent, stopping);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                stats.CountFailed(ex.Message);
                RuleLog.BridgeFailed(_logger, bridge.Id, ex.Message);
            }
        }

        // An HTTP trigger always gets an answer: the rule's respond action, 500 when the rule failed first, else 204.
        ruleEvent.Http?.TryAnswer(failed ? new HttpAnswer(500, new Dictionary<string, string>(), "rule failed", null) : NoAnswer);
        if (ruleEvent is { Prototype: true, Trigger: TriggerType.Message } && !matched)
        {
            AnswerUnmatched(ruleEvent);
        }
    }

    /// <summary>
    /// A prototype has no backend to fall back on: a message no rule matched is answered with an error frame saying so,
    /// rather than met with silence the consumer cannot tell from a slow backend.
    /// </summary>
    private void AnswerUnmatched(RuleEvent e)
    {
        var error = e.Uncaptured
            ? $"message over {MessageTap.MaxCaptured} bytes: the prototype answers smaller messages only"
            : "no mock reply matches this message";
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["error"] = error, ["api"] = e.SourceId });
        if (_registry.Find(e.ConnectionId ?? "") is { } connection && connection.Enqueue(new OutboundMessage(body, WebSocketMessageType.Text, Exempt: true)))
        {
            RuleLog.MockUnmatched(_logger, e.SourceId, e.ConnectionId!, error);
        }
    }

    private bool Matches(CompiledRule rule, RuleEvent e)
    {
        var trigger = rule.Config.Trigger;
        if (trigger.Type != e.Trigger || (rule.PrototypeOnly && !e.Prototype))
        {
            return false;
        }

        if (e.Trigger == TriggerType.HttpRequest)
        {
            return e.Http is not null && string.Equals(e.Http.RuleId, rule.Id, StringComparison.OrdinalIgnoreCase);
        }

        if (rule.Source is not { } source || source.Kind != e.Source || source.Key != RuleIndex.Key(e.Source, e.SourceId))
        {
            return false;
        }

        if (trigger.Listener is not null && e.ListenerId is not null && !string.Equals(trigger.Listener, e.ListenerId, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // A rule never fires on what it published itself.
        if (e.Origin is not null && e.Origin == "rule:" + rule.Id)
        {
            return false;
        }

        if (trigger.Match is not { } match)
        {
            return true;
        }

        if (match.Contains is not null && !e.Text.Contains(match.Contains, StringComparison.Ordinal))
        {
            return false;
        }

        if (rule.Regex is not null)
        {
            try
            {
                if (!rule.Regex.IsMatch(e.Text))
                {
                    return false;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                rule.Stats.CountFailed($"regular expression timed out after {match.RegexTimeoutMs} ms");
                RuleLog.RegexTimeout(_logger, rule.Id, match.RegexTimeoutMs);
                return false;
            }
        }

        if (rule.Property is not null)
        {
            var value = e.IsText ? rule.Property.FindText(e.Payload.Span) : null;
            if (value is null || (match.Value is not null && value != match.Value))
            {
                return false;
            }
        }

        return true;
    }

    private async Task RunActionAsync(CompiledRule rule, int index, RuleEvent e, CancellationToken stopping)
    {
        var action = rule.Config.Actions[index];
        var template = rule.Bodies[index];
        string Render() => template.Render(f => EventFields.Resolve(f, e, rule.Id));

        switch (action.Type)
        {
            case ActionType.Send:
                await SendToClientAsync(action.Client!, template, e, Render, stopping);
                break;
            case ActionType.Publish:
                _broker.Publish(action.Channel!, AsJson(Render()), "rule:" + rule.Id);
                break;
            case ActionType.Reply:
                if (e.Source == RuleSource.Client)
                {
                    await SendToClientAsync(e.SourceId, template, e, Render, stopping);
                }
                else
                {
                    var connection = _registry.Find(e.ConnectionId ?? "") ?? throw new RuleActionException($"connection {e.ConnectionId} is gone");
                    var (payload, type) = Payload(template, e, Render);
                    if (!connection.Enqueue(new OutboundMessage(payload, type)))
                    {
                        throw new RuleActionException($"connection {e.ConnectionId} is closing");
                    }
                }

                break;
            case ActionType.Webhook:
                StartWebhook(rule, index, e, Render());
                break;
            case ActionType.Respond:
                e.Http?.TryAnswer(new HttpAnswer(action.Status, RenderHeaders(rule, index, e), Render(), action.ContentType));
                break;
            case ActionType.Close:
                var status = (WebSocketCloseStatus)action.CloseCode;
                var clientId = action.Client ?? (e.Source == RuleSource.Client ? e.SourceId : null);
                if (clientId is not null)
                {
                    var client = _clients.Find(clientId) ?? throw new RuleActionException($"no outbound client '{clientId}'");
                    await client.CloseConnectionAsync(status, action.Reason);
                }
                else
                {
                    var connection = _registry.Find(e.ConnectionId ?? "") ?? throw new RuleActionException($"connection {e.ConnectionId} is gone");

                    // Not awaited: the closing handshake may wait on the peer, and the queue must move on.
                    _ = connection.CloseAsync(status, action.Reason);
                }

                break;
            case ActionType.Log:
                RuleLog.Logged(_logger, rule.Id, Render());
                break;
        }
    }

    private async Task SendToClientAsync(string clientId, Configuration.Rules.MessageTemplate template, RuleEvent e, Func<string> render, CancellationToken stopping)
    {
        var client = _clients.Find(clientId) ?? throw new RuleActionException($"no outbound client '{clientId}'");
        var (payload, type) = Payload(template, e, render);
        if (!await client.SendAsync(payload, type, stopping))
        {
            throw new RuleActionException($"outbound client '{clientId}' is not connected ({client.State.ToString().ToLowerInvariant()})");
        }
    }

    /// <summary>A body of just <c>{{message}}</c> passes the message through as it came, binary included; anything else is text.</summary>
    private static (ReadOnlyMemory<byte> Payload, WebSocketMessageType Type) Payload(Configuration.Rules.MessageTemplate template, RuleEvent e, Func<string> render) =>
        template.IsMessageOnly && e.Http is null
            ? (e.Payload, e.IsText ? WebSocketMessageType.Text : WebSocketMessageType.Binary)
            : (Encoding.UTF8.GetBytes(render()), WebSocketMessageType.Text);

    private Dictionary<string, string> RenderHeaders(CompiledRule rule, int index, RuleEvent e) =>
        rule.Headers[index].ToDictionary(h => h.Name, h => h.Value.Render(f => EventFields.Resolve(f, e, rule.Id)), StringComparer.OrdinalIgnoreCase);

    private void StartWebhook(CompiledRule rule, int index, RuleEvent e, string body)
    {
        var action = rule.Config.Actions[index];
        if (!_webhookSlots.Wait(0))
        {
            Interlocked.Increment(ref _webhookOverflow);
            throw new RuleActionException($"{MaxWebhooksInFlight} webhooks already in flight; {action.Url} was not called");
        }

        var headers = RenderHeaders(rule, index, e).Select(h => (h.Key, h.Value)).ToList();
        _ = Task.Run(async () =>
        {
            try
            {
                if (!await _webhooks.SendAsync(rule.Id, new Uri(action.Url!), action.Method, headers, body, action.ContentType, action.TimeoutMs, action.Retries, _stopping.Token))
                {
                    rule.Stats.CountFailed($"webhook {action.Url} failed");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                rule.Stats.CountFailed($"webhook {action.Url}: {ex.Message}");
                RuleLog.RuleFailed(_logger, rule.Id, index, "webhook", ex.Message, ex);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _webhookSlots.Release();
            }
        });
    }

    private async Task RunBridgeAsync(BridgeConfig bridge, RuleStats stats, RuleEvent e, CancellationToken stopping)
    {
        if (e.Trigger != TriggerType.Message)
        {
            return;
        }

        var origin = "bridge:" + bridge.Id;
        if (e.Source == RuleSource.Client && bridge.Direction != BridgeDirection.ChannelToClient
            && string.Equals(e.SourceId, bridge.Client, StringComparison.OrdinalIgnoreCase))
        {
            stats.CountFired(_time.GetUtcNow());
            _broker.Publish(bridge.Channel, AsJson(e.Text), origin);
        }
        else if (e.Source == RuleSource.Channel && bridge.Direction != BridgeDirection.ClientToChannel
            && e.SourceId == bridge.Channel && e.Origin != origin)
        {
            stats.CountFired(_time.GetUtcNow());
            var client = _clients.Find(bridge.Client) ?? throw new RuleActionException($"no outbound client '{bridge.Client}'");
            if (!await client.SendAsync(e.Payload, WebSocketMessageType.Text, stopping))
            {
                throw new RuleActionException($"outbound client '{bridge.Client}' is not connected ({client.State.ToString().ToLowerInvariant()})");
            }
        }
    }

    /// <summary>Text that is JSON is published as that JSON value; any other text as a JSON string.</summary>
    private static JsonElement AsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }

    private sealed record Snapshot(CompiledRule[] Rules, (BridgeConfig Bridge, RuleStats Stats)[] Bridges);
}
