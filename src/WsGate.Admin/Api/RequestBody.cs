using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using WsGate.Configuration;
using WsGate.Configuration.Validation;

namespace WsGate.Admin.Api;

/// <summary>Reads a JSON request body with the configuration binding rules, so a wrong type or unknown field names its path.</summary>
internal static class RequestBody
{
    public const long MaxBytes = 4 * 1024 * 1024;

    public static async Task<T> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        var node = await ReadNodeAsync(request);
        return ConfigSerializer.FromJson<T>(node);
    }

    public static async Task<JsonNode?> ReadNodeAsync(HttpRequest request)
    {
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

    public static async Task<string> ReadTextAsync(HttpRequest request)
    {
        if (request.ContentLength is > MaxBytes)
        {
            throw new ConfigValidationException("$", $"the body is larger than {MaxBytes} bytes");
        }

        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }
}
