using WsGate.Configuration.Secrets;

namespace WsGate.Configuration.Analytics;

/// <summary>OTLP/HTTP (protobuf) metric export.</summary>
public sealed record OtlpConfig
{
    /// <summary>The collector's base URL, such as <c>http://127.0.0.1:4318</c>; metrics go to <c>{endpoint}/v1/metrics</c>.</summary>
    [Secret(SecretKind.Url)]
    public string Endpoint { get; init; } = "";

    public int ExportIntervalMs { get; init; } = 60_000;

    /// <summary>Extra HTTP headers sent with each export, such as an API key the collector requires.</summary>
    [Secret(SecretKind.DictionaryValues)]
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
