using System.Globalization;
using System.Text.Json;
using WsGate.Configuration;

namespace WsGate.Rules;

/// <summary>The values template fields take for one event (see <c>MessageTemplate.Fields</c>).</summary>
public static class EventFields
{
    public static string? Resolve(string field, RuleEvent e, string ruleId)
    {
        switch (field)
        {
            case "message":
                return e.Http?.Body ?? e.Text;
            case "messageJson":
                return JsonSerializer.Serialize(e.Http?.Body ?? e.Text);
            case "rule":
                return ruleId;
            case "trigger":
                return JsonNamingPolicy.CamelCase.ConvertName(e.Trigger.ToString());
            case "source":
                return JsonNamingPolicy.CamelCase.ConvertName(e.Source.ToString());
            case "sourceId":
                return e.SourceId;
            case "connectionId":
                return e.ConnectionId;
            case "time":
                return e.At.ToString("O", CultureInfo.InvariantCulture);
            case "closeStatus":
                return e.CloseStatus?.ToString(CultureInfo.InvariantCulture);
            case "closeReason":
                return e.CloseReason;
            case "http.method":
                return e.Http?.Method;
            case "http.path":
                return e.Http?.Path;
            case "http.query":
                return e.Http?.Query;
            case "http.body":
                return e.Http?.Body;
        }

        if (field.StartsWith("http.query.", StringComparison.Ordinal))
        {
            return e.Http?.QueryValues.GetValueOrDefault(field["http.query.".Length..]);
        }

        if (field.StartsWith("http.header.", StringComparison.Ordinal))
        {
            return e.Http?.Headers.GetValueOrDefault(field["http.header.".Length..]);
        }

        if (JsonPropertyPath.TryParse(field, out var path))
        {
            return e.Http is { } http ? path.FindText(System.Text.Encoding.UTF8.GetBytes(http.Body)) : e.IsText ? path.FindText(e.Payload.Span) : null;
        }

        return null;
    }
}
