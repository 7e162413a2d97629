namespace WsGate.Configuration.Apis;

public static class ApiLifecycleExtensions
{
    /// <summary>
    /// Whether an API in this lifecycle takes new connections (and so subscriptions, and needs a listener): a published
    /// one, and a prototyped one, which its mock answers.
    /// </summary>
    public static bool AcceptsConnections(this ApiLifecycle lifecycle) => lifecycle is ApiLifecycle.Published or ApiLifecycle.Prototyped;
}
