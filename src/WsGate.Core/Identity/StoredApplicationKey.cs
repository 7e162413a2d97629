using WsGate.Configuration.Apis;

namespace WsGate.Identity;

/// <summary>An application's credentials for one environment; the secret and the API key only as SHA-256 hashes.</summary>
public sealed record StoredApplicationKey(
    string ApplicationId,
    BackendEnvironment Environment,
    string ConsumerKey,
    string ConsumerSecretHash,
    string? ApiKeyHash,
    DateTimeOffset CreatedAt);
