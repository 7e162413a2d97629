namespace WsGate.Rules;

/// <summary>An action could not do its job (a client not connected, a connection gone); the rule engine logs and counts it.</summary>
public sealed class RuleActionException(string message) : Exception(message);
