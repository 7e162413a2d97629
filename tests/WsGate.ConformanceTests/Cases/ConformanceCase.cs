using WsGate.ConformanceTests.Runner;

namespace WsGate.ConformanceTests.Cases;

/// <summary>
/// One conformance case: an Autobahn-style id ("7.9.1"), a name, what it sends (<see cref="Script"/>, run against a fresh
/// connection) and what it expects. The runner closes with 1000 after the script unless the script closed or the
/// server is expected to fail the connection.
/// </summary>
public sealed record ConformanceCase(string Id, string Name, string Description, Func<CaseSession, Task> Script, CaseExpectation Expected)
{
    /// <summary>The theory's row name, for example <c>Case_7_9_1_CloseWithCode0_Closes1002</c>.</summary>
    public string TestName => $"Case_{Id.Replace('.', '_')}_{Name}";

    public override string ToString() => TestName;
}
