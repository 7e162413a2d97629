namespace WsGate.Analytics;

/// <summary>The dimension usage is broken down by; <see cref="None"/> sums over all of them.</summary>
public enum UsageGrouping
{
    None,
    Api,
    Application,
    Listener,
    Environment,
}
