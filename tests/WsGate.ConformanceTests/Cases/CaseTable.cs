using WsGate.ConformanceTests.Cases.Sections;

namespace WsGate.ConformanceTests.Cases;

/// <summary>Every conformance case, section by section in Autobahn's order; ids and test names are unique.</summary>
public static class CaseTable
{
    private static readonly Lazy<IReadOnlyList<ConformanceCase>> Cases = new(() =>
    [
        .. FramingCases.All(),
        .. PingPongCases.All(),
        .. ReservedBitsCases.All(),
        .. OpcodeCases.All(),
        .. FragmentationCases.All(),
        .. Utf8Cases.All(),
        .. CloseCases.All(),
        .. LargeMessageCases.All(),
    ]);

    public static IReadOnlyList<ConformanceCase> All => Cases.Value;

    public static ConformanceCase Find(string testName) =>
        All.SingleOrDefault(c => c.TestName == testName) ?? throw new ArgumentException($"no conformance case '{testName}'", nameof(testName));
}
