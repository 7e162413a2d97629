namespace WsGate.Server.Cli;

/// <summary>One step of <c>wsgate client test</c>; an optional step's failure does not fail the test.</summary>
internal sealed record ProbeStep(string Step, bool Ok, string Detail, double Ms, bool Optional = false);
