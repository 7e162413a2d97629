namespace WsGate.AsyncApi;

/// <summary>An example message: a name to pick it by, and the payload as compact JSON text (what a client sends as is).</summary>
public sealed record AsyncApiExample(string Name, string Payload);
