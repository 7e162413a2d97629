using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Configuration;
using WsGate.Configuration.Captures;

namespace WsGate.Captures;

/// <summary>
/// Turns a message into what a capture may store. With JSON paths configured, a text message is parsed and each path's
/// value replaced by <see cref="Redacted"/>; a text message that is not JSON is withheld whole, as it cannot be shown not
/// to hold what the paths name. Binary messages are stored as base64 (paths address JSON text only). Listed headers of the
/// handshake are replaced by <see cref="Redacted"/>.
/// </summary>
public sealed class CaptureRedactor
{
    public const string Redacted = "[redacted]";

    private readonly JsonPropertyPath[] _paths;
    private readonly HashSet<string> _headers;

    public CaptureRedactor(CaptureRedaction redaction)
    {
        _paths = [.. redaction.JsonPaths.Select(JsonPropertyPath.Parse)];
        _headers = new HashSet<string>(redaction.Headers, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The stored form of a message: its payload text (text as is or redacted, binary as base64) and the count of bytes it
    /// takes against the capture's bound, or the reason it is withheld.
    /// </summary>
    public (string? Payload, long Bytes, string? Withheld) Message(bool isText, ReadOnlySpan<byte> payload)
    {
        if (!isText)
        {
            return (Convert.ToBase64String(payload), payload.Length, null);
        }

        if (_paths.Length == 0)
        {
            return (Encoding.UTF8.GetString(payload), payload.Length, null);
        }

        JsonNode? root;
        try
        {
            // Duplicate names refused: a redacted value must not survive as the other copy of its property.
            root = JsonNode.Parse(payload, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return (null, 0, $"not JSON: {payload.Length} bytes, withheld");
        }

        foreach (var path in _paths)
        {
            path.Replace(root, Redacted);
        }

        // A bare JSON null has no paths to redact.
        var text = root?.ToJsonString() ?? "null";
        return (text, Encoding.UTF8.GetByteCount(text), null);
    }

    /// <summary>The handshake's headers with the listed ones redacted, as one JSON object text.</summary>
    public string Headers(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var shown = new JsonObject();
        foreach (var (name, value) in headers)
        {
            shown[name] = _headers.Contains(name) ? Redacted : value;
        }

        return shown.ToJsonString();
    }
}
