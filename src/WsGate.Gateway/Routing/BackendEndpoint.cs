namespace WsGate.Routing;

/// <summary>One backend URL of an API environment with its health as the active checks and the relay see it.</summary>
public sealed class BackendEndpoint(Uri url)
{
    private int _consecutiveFailures;
    private volatile bool _healthy = true;

    public Uri Url { get; } = url;

    public bool Healthy => _healthy;

    public string? LastError { get; private set; }

    public DateTimeOffset? LastChecked { get; private set; }

    public void ReportSuccess(DateTimeOffset at)
    {
        Interlocked.Exchange(ref _consecutiveFailures, 0);
        _healthy = true;
        LastError = null;
        LastChecked = at;
    }

    public void ReportFailure(string error, int unhealthyThreshold, DateTimeOffset at)
    {
        LastError = error;
        LastChecked = at;
        if (Interlocked.Increment(ref _consecutiveFailures) >= unhealthyThreshold)
        {
            _healthy = false;
        }
    }
}
