using WsGate.Health;

namespace WsGate.Admin.Api;

/// <summary>The result of probing an API's backend endpoints: ok when there was at least one and every one answered.</summary>
public sealed record ApiTestView(string Api, bool Ok, IReadOnlyList<ProbeResult> Results);
