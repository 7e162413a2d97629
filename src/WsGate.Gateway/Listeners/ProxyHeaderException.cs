namespace WsGate.Listeners;

/// <summary>A connection refused before TLS or HTTP because of its PROXY protocol header (or the lack of one).</summary>
internal sealed class ProxyHeaderException(string message) : IOException(message);
