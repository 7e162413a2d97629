using System.Text.RegularExpressions;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Secrets;

namespace WsGate.Configuration.Validation;

/// <summary>Checks one rule: its trigger's source exists, its match compiles, each action has what its type needs.</summary>
public static partial class RuleValidator
{
    public const int MaxRegexTimeoutMs = 10_000;

    public static void Validate(RuleConfig rule, GatewayConfig config, ErrorSink errors)
    {
        if (!Identifiers.IsValidId(rule.Id))
        {
            errors.Add("id", Identifiers.IdRule);
        }

        if (rule.Name is { Length: > 255 })
        {
            errors.Add("name", "must be at most 255 characters");
        }

        ValidateTrigger(rule.Trigger, config, errors.At("trigger"));
        if (rule.Actions.Count == 0)
        {
            errors.Add("actions", "a rule needs at least one action");
        }

        for (var i = 0; i < rule.Actions.Count; i++)
        {
            ValidateAction(rule.Actions[i], rule.Trigger, config, errors.At($"actions[{i}]"));
        }
    }

    /// <summary>Channel names as the channel endpoint accepts them (WsGate.Channels.ChannelNames).</summary>
    public static bool IsValidChannel(string? name) => name is { Length: > 0 and <= 128 } && ChannelPattern().IsMatch(name);

    public const string ChannelRule = "must be 1-128 characters of letters, digits, '_', '-', '.', ':' or '/'";

    private static void ValidateTrigger(TriggerConfig trigger, GatewayConfig config, ErrorSink errors)
    {
        if (!Enum.IsDefined(trigger.Type))
        {
            errors.Add("type", "must be message, opened, closed or httpRequest");
            return;
        }

        var sources = new[] { trigger.Client, trigger.Api, trigger.Endpoint, trigger.Channel }.Count(s => s is not null);
        if (trigger.Listener is not null && config.FindListener(trigger.Listener) is null)
        {
            errors.Add("listener", $"no listener '{trigger.Listener}'");
        }

        if (trigger.Type == TriggerType.HttpRequest)
        {
            if (sources > 0 || trigger.Match is not null)
            {
                errors.Add("type", "an httpRequest trigger takes listener, path and method, not client, api, endpoint, channel or match");
            }

            if (trigger.Listener is null)
            {
                errors.Add("listener", "is required: the listener whose path the rule answers");
            }

            if (!ListenerValidator.IsValidPath(trigger.Path))
            {
                errors.Add("path", "must begin with '/' and use only letters, digits and - _ . ~ / segments");
            }

            if (trigger.Method is not null && !HttpNames.IsToken(trigger.Method))
            {
                errors.Add("method", "must be an HTTP method such as POST");
            }

            return;
        }

        if (trigger.Path is not null || trigger.Method is not null)
        {
            errors.Add("path", "path and method belong to httpRequest triggers");
        }

        if (sources != 1)
        {
            errors.Add("", "name exactly one source: client, api, endpoint or channel");
        }

        if (trigger.Client is not null && config.FindClient(trigger.Client) is null)
        {
            errors.Add("client", $"no outbound client '{trigger.Client}'");
        }

        if (trigger.Api is not null && config.FindApi(trigger.Api) is null)
        {
            errors.Add("api", $"no API '{trigger.Api}'");
        }

        if (trigger.Endpoint is not null)
        {
            var listeners = trigger.Listener is null ? config.Listeners : config.Listeners.Where(l => string.Equals(l.Id, trigger.Listener, StringComparison.OrdinalIgnoreCase));
            if (!listeners.Any(l => l.Endpoints.Any(e => string.Equals(e.Path.TrimEnd('/'), trigger.Endpoint.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))))
            {
                errors.Add("endpoint", $"no listener{(trigger.Listener is null ? "" : $" '{trigger.Listener}'")} has an endpoint at '{trigger.Endpoint}'");
            }
        }

        if (trigger.Channel is not null)
        {
            if (!IsValidChannel(trigger.Channel))
            {
                errors.Add("channel", ChannelRule);
            }

            if (trigger.Type != TriggerType.Message)
            {
                errors.Add("type", "a channel has no connection to open or close: use message");
            }
        }

        if (trigger.Match is { } match)
        {
            if (trigger.Type != TriggerType.Message)
            {
                errors.Add("match", "only message triggers match on content");
            }

            ValidateMatch(match, errors.At("match"));
        }
    }

    /// <summary>A message match, in a rule's trigger and in an API's mock replies alike.</summary>
    internal static void ValidateMatch(MatchConfig match, ErrorSink errors)
    {
        if (match.Contains is { Length: 0 })
        {
            errors.Add("contains", "cannot be empty");
        }

        if (match.RegexTimeoutMs is < 1 or > MaxRegexTimeoutMs)
        {
            errors.Add("regexTimeoutMs", $"must be 1-{MaxRegexTimeoutMs} milliseconds");
        }

        if (match.Regex is not null)
        {
            try
            {
                _ = new Regex(match.Regex, RegexOptions.None, TimeSpan.FromMilliseconds(Math.Clamp(match.RegexTimeoutMs, 1, MaxRegexTimeoutMs)));
            }
            catch (ArgumentException ex)
            {
                errors.Add("regex", "does not compile: " + ex.Message);
            }
        }

        if (match.Property is not null && !JsonPropertyPath.TryParse(match.Property, out _))
        {
            errors.Add("property", JsonPropertyPath.Rule);
        }

        if (match.Value is not null && match.Property is null)
        {
            errors.Add("value", "needs property: the JSON property that must have this value");
        }
    }

    private static void ValidateAction(ActionConfig action, TriggerConfig trigger, GatewayConfig config, ErrorSink errors)
    {
        if (!Enum.IsDefined(action.Type))
        {
            errors.Add("type", "must be send, publish, reply, webhook, respond, close or log");
            return;
        }

        if (action.Body is not null && !MessageTemplate.TryParse(action.Body, out _, out var bodyError))
        {
            errors.Add("body", bodyError);
        }

        foreach (var (name, value) in action.Headers)
        {
            if (!HttpNames.IsToken(name))
            {
                errors.Add($"headers.{name}", "is not an HTTP header name");
            }
            else if (!MessageTemplate.TryParse(value, out _, out var headerError))
            {
                errors.Add($"headers.{name}", headerError);
            }
        }

        var hasConnection = trigger.Type != TriggerType.HttpRequest && trigger.Channel is null;
        switch (action.Type)
        {
            case ActionType.Send:
                if (action.Client is null)
                {
                    errors.Add("client", "is required: the outbound client to send on");
                }
                else if (config.FindClient(action.Client) is null)
                {
                    errors.Add("client", $"no outbound client '{action.Client}'");
                }

                break;
            case ActionType.Publish:
                if (!IsValidChannel(action.Channel))
                {
                    errors.Add("channel", "is required and " + ChannelRule);
                }

                break;
            case ActionType.Reply:
                if (!hasConnection)
                {
                    errors.Add("type", "reply needs a connection: a channel message or an HTTP request has none (use respond for HTTP)");
                }

                break;
            case ActionType.Webhook:
                if (!HttpNames.IsHttpUrl(action.Url, out _))
                {
                    errors.Add("url", $"'{SecretValues.MaskUrlValue(action.Url)}' is not an http or https URL");
                }

                if (!HttpNames.IsToken(action.Method))
                {
                    errors.Add("method", "must be an HTTP method such as POST");
                }

                if (action.TimeoutMs is < 1 or > 120_000)
                {
                    errors.Add("timeoutMs", "must be from 1 to 120000 milliseconds");
                }

                if (action.Retries is < 0 or > 10)
                {
                    errors.Add("retries", "must be 0-10");
                }

                break;
            case ActionType.Respond:
                if (trigger.Type != TriggerType.HttpRequest)
                {
                    errors.Add("type", "respond answers an httpRequest trigger; this rule's trigger is " + trigger.Type.ToString().ToLowerInvariant());
                }

                if (action.Status is < 200 or > 599)
                {
                    errors.Add("status", "must be an HTTP status from 200 to 599");
                }

                break;
            case ActionType.Close:
                if (action.Client is not null && config.FindClient(action.Client) is null)
                {
                    errors.Add("client", $"no outbound client '{action.Client}'");
                }
                else if (action.Client is null && !hasConnection)
                {
                    errors.Add("type", "close needs a connection: name client, or use a trigger that has one");
                }

                if (action.CloseCode is not (1000 or 1001 or 1008 or 1011 or (>= 3000 and <= 4999)))
                {
                    errors.Add("closeCode", "must be 1000, 1001, 1008, 1011 or 3000-4999 (RFC 6455 section 7.4)");
                }

                if (action.Reason is { Length: > 120 })
                {
                    errors.Add("reason", "must be at most 120 characters (a close frame holds 123 bytes, RFC 6455 section 5.5)");
                }

                break;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.:/-]+$")]
    private static partial Regex ChannelPattern();
}
