namespace WsGate.Admin.Console.Rules;

/// <summary>Which of a trigger's sources the rule form's one source input names.</summary>
public enum SourceKind
{
    Client,
    Api,
    Endpoint,
    Channel,
}
