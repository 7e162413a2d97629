namespace WsGate.Admin.Api;

/// <summary>A drain that started: the node, on this node the connections and batches it will close, and the period in seconds.</summary>
public sealed record DrainResultView(string Node, int? Connections, int? Batches, double Period);
