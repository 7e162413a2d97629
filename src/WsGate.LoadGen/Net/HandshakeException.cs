namespace WsGate.LoadGen.Net;

/// <summary>The server answered the upgrade with something other than a valid 101; <see cref="StatusCode"/> is 0 when there was no status line.</summary>
public sealed class HandshakeException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
