namespace WsGate.Storage;

/// <summary>The store cannot be opened or used (corrupt file, locked by another process, unreachable server).</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
