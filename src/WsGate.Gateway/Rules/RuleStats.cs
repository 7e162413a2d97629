namespace WsGate.Rules;

/// <summary>How often a rule or bridge fired and failed, kept across configuration changes while its id stays.</summary>
public sealed class RuleStats
{
    private long _fired;
    private long _failed;

    public long Fired => Interlocked.Read(ref _fired);

    public long Failed => Interlocked.Read(ref _failed);

    public string? LastError { get; private set; }

    public DateTimeOffset? LastFiredAt { get; private set; }

    public void CountFired(DateTimeOffset at)
    {
        Interlocked.Increment(ref _fired);
        LastFiredAt = at;
    }

    public void CountFailed(string error)
    {
        Interlocked.Increment(ref _failed);
        LastError = error;
    }
}
