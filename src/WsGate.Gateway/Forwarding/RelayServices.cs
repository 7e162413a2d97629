using Microsoft.Extensions.Logging;
using WsGate.Analytics;

namespace WsGate.Forwarding;

/// <summary>What every relayed connection shares: the backend connector (for failover), analytics, the clock and the log.</summary>
internal sealed record RelayServices(BackendConnector Connector, GatewayAnalytics Analytics, TimeProvider Time, ILogger Logger);
