namespace WsGate.Admin.Api;

/// <summary>What an AsyncAPI import made or would make (a dry run): the API as it is or would be, and whether it is new.</summary>
public sealed record AsyncApiImportView(bool Created, bool DryRun, ApiView Api);
