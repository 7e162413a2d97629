namespace WsGate.Analytics;

/// <summary>
/// What a rollup row is counted for. An empty string stands for "none": an echo or channel connection has no API, an
/// anonymous one no application, and only API connections have an environment.
/// </summary>
public readonly record struct UsageKey(string Api, string Application, string Listener, string Environment);
