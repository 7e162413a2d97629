namespace WsGate.Captures;

/// <summary>
/// A connection's handshake held for the captures that want it, until the connection has its id; with the header its API
/// takes API keys in, which is never stored.
/// </summary>
public sealed class CaptureHandshake(CaptureRun[] runs, string path, IReadOnlyList<KeyValuePair<string, string>> headers, string? apiKeyHeader)
{
    public CaptureRun[] Runs => runs;

    public string Path => path;

    public IReadOnlyList<KeyValuePair<string, string>> Headers => headers;

    public string? ApiKeyHeader => apiKeyHeader;
}
