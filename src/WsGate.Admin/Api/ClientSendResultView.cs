namespace WsGate.Admin.Api;

/// <summary>A message sent through an outbound client: the client and the payload's size in bytes.</summary>
public sealed record ClientSendResultView(string Client, int Sent);
