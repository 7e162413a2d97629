using WsGate.Configuration;

namespace WsGate.Storage;

/// <summary>A configuration as read from the store, with the revision it was written under.</summary>
public sealed record StoredConfig(GatewayConfig Config, long Revision);
