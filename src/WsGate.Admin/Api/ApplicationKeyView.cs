namespace WsGate.Admin.Api;

public sealed record ApplicationKeyView(string Environment, string ConsumerKey, bool HasApiKey, DateTimeOffset CreatedAt);
