namespace WsGate.Admin.Api;

/// <summary>
/// Keys just generated for an application in one environment. The consumer secret and the API key appear only in this
/// answer: WsGate keeps only their hashes.
/// </summary>
public sealed record GeneratedKeysView(string ApplicationId, string Environment, string ConsumerKey, string ConsumerSecret, string ApiKey, string Note);
