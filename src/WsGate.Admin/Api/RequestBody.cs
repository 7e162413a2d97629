using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Admin.Problems;
using WsGate.Configuration;
using WsGate.Configuration.Validation;
using WsGate.Management;

namespace WsGate.Admin.Api;

/// <summary>Reads a JSON request body with the configuration binding rules, so a wrong type or unknown field names its path.</summary>
internal static class RequestBody
{
    public const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>
    /// JSON, or no media type at all (a client that names none meant the route's own). Anything else, a form above all,
    /// is refused: a browser can send a form to another site without asking, so the admin API never reads one.
    /// </summary>
    public static bool IsJson(string? contentType) =>
        string.IsNullOrEmpty(contentType) || MediaType(contentType) is "application/json" || MediaType(contentType).EndsWith("+json", StringComparison.Ordinal);

    public static bool IsYaml(string? contentType) =>
        MediaType(contentType) is "application/yaml" or "application/x-yaml" or "text/yaml" or "text/x-yaml";

    private static string MediaType(string? contentType) => (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();

    public static async Task<T> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        var node = await ReadNodeAsync(request);

        // The live configuration resolves the names a body refers to, so that a body with a misspelt field also hears
        // about its other problems in the same answer.
        var references = request.HttpContext.RequestServices.GetService<ConfigManager>()?.Current;
        return ConfigSerializer.FromJson<T>(node, references: references);
    }

    /// <summary>
    /// A body that creates a listener, API or outbound client. It may leave the id out (an empty string counts as left
    /// out): the object gets the next free id when the change is made (<see cref="DefaultIds"/>), so the id rule is not
    /// among the errors reported with a misshapen body. The object comes back with its id empty.
    /// </summary>
    public static async Task<T> ReadNewAsync<T>(HttpRequest request)
        where T : class
    {
        var node = await ReadNodeAsync(request);
        var idLeftOut = node is JsonObject body
            && body.FirstOrDefault(p => string.Equals(p.Key, "id", StringComparison.OrdinalIgnoreCase)) is var (key, id)
            && (key is null || id is null || (id is JsonValue value && value.TryGetValue<string>(out var text) && text.Length == 0));
        var references = request.HttpContext.RequestServices.GetService<ConfigManager>()?.Current;
        try
        {
            return ConfigSerializer.FromJson<T>(node, references: references);
        }
        catch (ConfigValidationException ex) when (idLeftOut && ex.Errors.Any(e => e.Path != "id"))
        {
            throw new ConfigValidationException(ex.Errors.Where(e => e.Path != "id").ToList());
        }
    }

    public static async Task<JsonNode?> ReadNodeAsync(HttpRequest request)
    {
        if (!IsJson(request.ContentType))
        {
            throw new UnsupportedMediaTypeException(
                $"the body must be JSON sent as Content-Type: application/json, not {request.ContentType} (with curl: -H 'Content-Type: application/json')");
        }

        if (request.ContentLength is > MaxBytes)
        {
            throw new ConfigValidationException("$", $"the body is larger than {MaxBytes} bytes");
        }

        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted)
                ?? throw new ConfigValidationException("$", "a JSON object is required");
        }
        catch (JsonException ex)
        {
            throw new ConfigValidationException(string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "$" : ex.Path.TrimStart('$', '.'), "is not valid JSON: " + ex.Message.Split(" Path:")[0]);
        }
    }

    /// <summary>A JSON or YAML document (a configuration or AsyncAPI import).</summary>
    public static async Task<string> ReadTextAsync(HttpRequest request)
    {
        if (!IsJson(request.ContentType) && !IsYaml(request.ContentType))
        {
            throw new UnsupportedMediaTypeException(
                $"the body must be YAML or JSON, sent as Content-Type: application/yaml or application/json, not {request.ContentType}");
        }

        if (request.ContentLength is > MaxBytes)
        {
            throw new ConfigValidationException("$", $"the body is larger than {MaxBytes} bytes");
        }

        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }
}
