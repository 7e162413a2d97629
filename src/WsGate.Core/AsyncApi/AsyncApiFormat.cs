namespace WsGate.AsyncApi;

/// <summary>How a document is written out.</summary>
public enum AsyncApiFormat
{
    Yaml,
    Json,
}
