namespace WsGate.Storage;

/// <summary>One row of the <c>config_objects</c> table: a named object of one kind, as JSON, in its list position.</summary>
public sealed record ConfigDocument(string Kind, string Id, int Position, string Doc);
