namespace WsGate.Admin.Api;

/// <summary>A channel publish: how many subscribers the message was delivered to on this node.</summary>
public sealed record PublishResultView(string Channel, int Delivered);
