namespace WsGate.Admin.Api;

/// <summary>The revision saved by a reseal and how the store now protects secrets.</summary>
public sealed record ResealView(long Revision, string Secrets);
