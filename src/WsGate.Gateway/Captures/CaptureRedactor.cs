using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Configuration;
using WsGate.Configuration.Captures;
using WsGate.Identity;

namespace WsGate.Captures;

/// <summary>
/// Turns a message into what a capture may store. With JSON paths configured, a text message is parsed and each path's
/// value replaced by <see cref="Redacted"/>; a message none of the paths is found in is stored byte for byte as it came, and
/// one rewritten keeps every other character as it was (no escaping of non-ASCII or HTML characters). A text message that
/// is not JSON is withheld whole, as it cannot be shown not to hold what the paths name. Binary messages are stored as
/// base64 (paths address JSON text only). Handshake headers that carry credentials are always replaced by
/// <see cref="Redacted"/> (<see cref="CredentialHeaders"/>, the API key header, the token of an <c>access_token</c>
/// subprotocol pair), and so are the headers the capture lists.
/// </summary>
public sealed class CaptureRedactor
{
    public const string Redacted = "[redacted]";

    /// <summary>Headers never stored, whatever a capture lists.</summary>
    public static IReadOnlyList<string> CredentialHeaders { get; } = ["Authorization", "Cookie", "Proxy-Authorization"];

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonPropertyPath[] _paths;
    private readonly HashSet<string> _headers;

    public CaptureRedactor(CaptureRedaction redaction)
    {
        _paths = [.. redaction.JsonPaths.Select(JsonPropertyPath.Parse)];
        _headers = new HashSet<string>([.. CredentialHeaders, .. redaction.Headers], StringComparer.OrdinalIgnoreCase);
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

        var replaced = false;
        foreach (var path in _paths)
        {
            replaced |= path.Replace(root, Redacted);
        }

        if (!replaced)
        {
            // Nothing to hide: the message as it was sent, so a replay compares it with what the endpoint sends now.
            return (Encoding.UTF8.GetString(payload), payload.Length, null);
        }

        var text = root!.ToJsonString(Relaxed);
        return (text, Encoding.UTF8.GetByteCount(text), null);
    }

    /// <summary>
    /// The handshake's headers with credentials, <paramref name="apiKeyHeader"/> and the listed ones redacted, as one JSON
    /// object text.
    /// </summary>
    public string Headers(IEnumerable<KeyValuePair<string, string>> headers, string? apiKeyHeader = null)
    {
        var shown = new JsonObject();
        foreach (var (name, value) in headers)
        {
            shown[name] = _headers.Contains(name) || string.Equals(name, apiKeyHeader, StringComparison.OrdinalIgnoreCase) ? Redacted
                : string.Equals(name, "Sec-WebSocket-Protocol", StringComparison.OrdinalIgnoreCase) ? WithoutAccessToken(value)
                : value;
        }

        return shown.ToJsonString();
    }

    // The entry after "access_token" is a bearer token (ConnectionAuthenticator.BearerToken); the other entries are kept.
    private static string WithoutAccessToken(string value)
    {
        var entries = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var changed = false;
        for (var i = 0; i < entries.Length - 1; i++)
        {
            if (entries[i] == ConnectionAuthenticator.AccessTokenProtocol)
            {
                entries[++i] = Redacted;
                changed = true;
            }
        }

        return changed ? string.Join(", ", entries) : value;
    }
}
