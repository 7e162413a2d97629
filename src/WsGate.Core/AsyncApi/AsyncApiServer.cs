namespace WsGate.AsyncApi;

/// <summary>One <c>ws</c> or <c>wss</c> server of a document: its name, its URL (variables filled in), and whether it is a sandbox.</summary>
public sealed record AsyncApiServer(string Name, string Url, bool IsSandbox);
