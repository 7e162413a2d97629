using WsGate.Admin.Console.Listeners;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Secrets;

namespace WsGate.Admin.Console.Rules;

/// <summary>
/// One action row of the rule form, with every setting of <see cref="ActionConfig"/>; a row without a type is not an
/// action. A new row starts from the action's defaults.
/// </summary>
public sealed class ActionRow
{
    private static readonly ActionConfig Defaults = new();

    public ActionType? Type { get; set; }

    public string? Client { get; set; }

    public string? Channel { get; set; }

    public string? Url { get; set; }

    public string? Body { get; set; }

    /// <summary>Webhook: the HTTP method.</summary>
    public string? Method { get; set; } = Defaults.Method;

    /// <summary>Webhook and respond: <c>Name: value</c> lines.</summary>
    public string? Headers { get; set; }

    public string? ContentType { get; set; }

    public int TimeoutMs { get; set; } = Defaults.TimeoutMs;

    public int Retries { get; set; } = Defaults.Retries;

    public int Status { get; set; } = Defaults.Status;

    public int CloseCode { get; set; } = Defaults.CloseCode;

    public string? Reason { get; set; }

    /// <summary>The inputs under the row's options, for error placement.</summary>
    public static IReadOnlyList<string> OptionNames { get; } =
        [nameof(Method), nameof(Headers), nameof(ContentType), nameof(TimeoutMs), nameof(Retries), nameof(Status), nameof(CloseCode), nameof(Reason)];

    /// <summary>The label of an option's input, as the form shows it.</summary>
    public static string OptionLabel(string option) => option switch
    {
        nameof(ContentType) => "content type",
        nameof(TimeoutMs) => "timeout",
        nameof(CloseCode) => "close code",
        _ => option.ToLowerInvariant(),
    };

    /// <summary>Whether any option differs from the defaults, so the form shows them open.</summary>
    public bool HasOptions =>
        !string.Equals(Method, Defaults.Method, StringComparison.OrdinalIgnoreCase) || !string.IsNullOrWhiteSpace(Headers) || ContentType is not null
        || TimeoutMs != Defaults.TimeoutMs || Retries != Defaults.Retries || Status != Defaults.Status || CloseCode != Defaults.CloseCode || Reason is not null;

    public static ActionRow From(ActionConfig action) => new()
    {
        Type = action.Type,
        Client = action.Client,
        Channel = action.Channel,
        Url = SecretValues.MaskUrlValue(action.Url),
        Body = action.Body,
        Method = action.Method,
        Headers = HeaderLines.Format(SecretValues.MaskValues(action.Headers)),
        ContentType = action.ContentType,
        TimeoutMs = action.TimeoutMs,
        Retries = action.Retries,
        Status = action.Status,
        CloseCode = action.CloseCode,
        Reason = action.Reason,
    };

    public ActionConfig ToConfig() => new()
    {
        Type = Type ?? Defaults.Type,
        Client = ListenerForm.Blank(Client),
        Channel = ListenerForm.Blank(Channel),
        Url = ListenerForm.Blank(Url),
        Body = string.IsNullOrEmpty(Body) ? null : Body,
        Method = ListenerForm.Blank(Method)?.ToUpperInvariant() ?? Defaults.Method,
        Headers = HeaderLines.Parse(Headers),
        ContentType = ListenerForm.Blank(ContentType),
        TimeoutMs = TimeoutMs,
        Retries = Retries,
        Status = Status,
        CloseCode = CloseCode,
        Reason = string.IsNullOrEmpty(Reason) ? null : Reason,
    };
}
