using Microsoft.AspNetCore.Http;

namespace WsGate.Admin.Console;

/// <summary>
/// How a console form post reads in the audit log: its page and handler (<c>POST /console/apis/edit?handler=lifecycle</c>)
/// and the object it acted on, taken from the query or form (<c>id</c>, <c>name</c>, <c>username</c>). Form bodies are
/// otherwise not recorded, so no password or secret reaches the log.
/// </summary>
public static class ConsoleAudit
{
    private static readonly string[] TargetFields = ["id", "name", "username", "subject", "apiId", "Form.Id", "Form.Name", "Form.Username", "Group.Name", "NewApplication.Name", "Channel", "Bridge.Id", "ImportId"];

    public static (string Action, string? Target)? Describe(HttpContext context)
    {
        var request = context.Request;
        if (!ConsoleSession.IsConsolePath(request.Path))
        {
            return null;
        }

        var handler = request.Query["handler"].ToString();
        var action = $"{request.Method} {request.Path.Value?.ToLowerInvariant()}{(handler.Length > 0 ? "?handler=" + handler.ToLowerInvariant() : "")}";
        string? target = null;
        foreach (var field in TargetFields)
        {
            var value = request.Query[field].ToString();
            if (value.Length == 0 && request.HasFormContentType && request.Form.TryGetValue(field, out var posted))
            {
                value = posted.ToString();
            }

            if (value.Length > 0)
            {
                target = value;
                break;
            }
        }

        return (action, target);
    }
}
