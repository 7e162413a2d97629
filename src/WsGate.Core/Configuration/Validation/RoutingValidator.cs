using WsGate.Configuration.Apis;

namespace WsGate.Configuration.Validation;

/// <summary>Checks an API's content-based routing: the expression, every route's backends, and the relay mode it needs.</summary>
public static class RoutingValidator
{
    public static void Validate(ApiConfig api, ErrorSink errors)
    {
        var routing = api.Routing!;
        if (api.RelayMode != RelayMode.Frames)
        {
            errors.Add("", "content-based routing reads each message, so it needs relayMode frames");
        }

        if (!JsonPropertyPath.TryParse(routing.Expression, out _))
        {
            errors.Add("expression", JsonPropertyPath.Rule);
        }

        if (routing.Routes.Count == 0 && routing.Default is null)
        {
            errors.Add("routes", "give at least one route or a default");
        }

        foreach (var (key, target) in routing.Routes)
        {
            if (string.IsNullOrEmpty(key) || key.Length > 256)
            {
                errors.Add("routes", "a route key must be 1-256 characters");
                continue;
            }

            ValidateTarget(target, api.RelayMode, errors.At($"routes.{key}"));
        }

        if (routing.Default is not null)
        {
            ValidateTarget(routing.Default, api.RelayMode, errors.At("default"));
        }
    }

    private static void ValidateTarget(RouteTarget target, RelayMode mode, ErrorSink errors)
    {
        if (target.Urls.Count == 0)
        {
            errors.Add("urls", "a route needs at least one backend URL");
        }

        if (!Enum.IsDefined(target.Strategy))
        {
            errors.Add("strategy", "must be roundRobin or failover");
        }

        for (var i = 0; i < target.Urls.Count; i++)
        {
            if (!BackendUrl.TryNormalize(target.Urls[i], out _, out var error))
            {
                errors.Add(target.Urls.Count == 1 ? "" : $"urls[{i}]", error);
            }
        }

        if (target.MessageSchema is not null)
        {
            MessageSchemaValidator.Validate(target.MessageSchema, mode, errors.At("messageSchema"));
        }
    }
}
