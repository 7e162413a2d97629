namespace WsGate.Forwarding;

/// <summary>A backend could not be reached or refused the upgrade; the message says why in words an operator can act on.</summary>
public sealed class BackendConnectException(Uri backend, string reason, int? httpStatus = null, Exception? inner = null)
    : Exception($"{backend}: {reason}", inner)
{
    public Uri Backend { get; } = backend;

    public string Reason { get; } = reason;

    /// <summary>The status the backend answered the upgrade with, when it answered one other than 101.</summary>
    public int? HttpStatus { get; } = httpStatus;
}
