namespace WsGate.Admin.Api;

/// <summary>Readiness: <c>ready</c>, or why not (<c>starting</c>, <c>draining</c>, <c>store-unreachable</c> with the store's problem).</summary>
public sealed record ReadinessView(string Status, long Revision, string? Problem = null);
