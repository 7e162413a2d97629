using WsGate.ConformanceTests.Cases;
using WsGate.ConformanceTests.Runner;

namespace WsGate.ConformanceTests;

/// <summary>
/// Every case of <see cref="CaseTable"/> against the echo endpoint, over raw TCP with hand-built frames. A case passes
/// when the verdict observed is the one written in the table, so a case that gets better or worse both show up.
/// </summary>
public sealed class EchoConformanceTests(EchoServerFixture fixture) : IClassFixture<EchoServerFixture>
{
    public static TheoryData<string> Cases => [.. CaseTable.All.Select(c => c.TestName)];

    [Fact]
    public void CaseTable_IdsAndNamesAreUnique_AndNonOkVerdictsHaveReasons()
    {
        Assert.Equal(CaseTable.All.Count, CaseTable.All.Select(c => c.Id).Distinct().Count());
        Assert.Equal(CaseTable.All.Count, CaseTable.All.Select(c => c.TestName).Distinct().Count());
        Assert.All(CaseTable.All.Where(c => c.Expected.Outcome != Outcome.Ok), c => Assert.False(string.IsNullOrWhiteSpace(c.Expected.Reason), c.TestName));
    }

    [Fact]
    public void GatewayOverrides_NameExistingCases_OncePerTarget_WithReasons()
    {
        foreach (var table in new[] { GatewayExpectations.Frames, GatewayExpectations.Stream })
        {
            Assert.Equal(table.Count, table.Select(o => o.Id).Distinct().Count());
            Assert.All(table, o => Assert.Contains(CaseTable.All, c => c.Id == o.Id));
            Assert.All(table, o => Assert.False(string.IsNullOrWhiteSpace(o.Reason), o.Id));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Echo(string testName)
    {
        var @case = CaseTable.Find(testName);

        var result = await new CaseRunner(fixture.Server.EchoUri).RunAsync(@case);

        Assert.True(result.MatchesExpectation, result.ToString());
    }
}
