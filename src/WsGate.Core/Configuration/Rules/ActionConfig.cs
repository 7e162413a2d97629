using WsGate.Configuration.Secrets;

namespace WsGate.Configuration.Rules;

/// <summary>
/// One step of a rule. <see cref="Body"/> is a template: <c>{{message}}</c> and the other fields of
/// <see cref="MessageTemplate.Fields"/> are replaced by the event's values.
/// </summary>
public sealed record ActionConfig
{
    public const string DefaultBody = "{{message}}";

    public ActionType Type { get; init; } = ActionType.Log;

    /// <summary>Send: the outbound client to send on. Close: close this client instead of the event's connection.</summary>
    public string? Client { get; init; }

    /// <summary>Publish: the channel.</summary>
    public string? Channel { get; init; }

    /// <summary>What to send, publish, post, answer or log; <c>{{message}}</c> by default.</summary>
    public string? Body { get; init; }

    /// <summary>Webhook: the http or https URL.</summary>
    [Secret(SecretKind.Url)]
    public string? Url { get; init; }

    /// <summary>Webhook: the HTTP method; POST by default.</summary>
    public string Method { get; init; } = "POST";

    /// <summary>Webhook and respond: headers; values are templates too.</summary>
    [Secret(SecretKind.DictionaryValues)]
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Webhook and respond: the body's media type; <c>text/plain; charset=utf-8</c> when absent.</summary>
    public string? ContentType { get; init; }

    /// <summary>Webhook: how long one attempt may take.</summary>
    public int TimeoutMs { get; init; } = 5000;

    /// <summary>Webhook: attempts after the first when it fails (network error, timeout or 5xx), 0.5 s, 1 s, 2 s … apart.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>Respond: the HTTP status.</summary>
    public int Status { get; init; } = 200;

    /// <summary>Close: the close code (RFC 6455 section 7.4).</summary>
    public int CloseCode { get; init; } = 1000;

    /// <summary>Close: the close reason.</summary>
    public string? Reason { get; init; }
}
