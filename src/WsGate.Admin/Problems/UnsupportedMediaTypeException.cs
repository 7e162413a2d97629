namespace WsGate.Admin.Problems;

/// <summary>A request body in a media type the route does not read; answered 415 with what to send instead.</summary>
public sealed class UnsupportedMediaTypeException(string message) : Exception(message);
