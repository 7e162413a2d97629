using WsGate.Configuration.Apis;

namespace WsGate.Identity;

/// <summary>Newly generated credentials of an application's environment. The secret and the API key are shown only here, once.</summary>
public sealed record IssuedKeys(string ApplicationId, BackendEnvironment Environment, string ConsumerKey, string ConsumerSecret, string ApiKey);
