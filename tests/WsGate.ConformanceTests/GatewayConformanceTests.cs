using WsGate.ConformanceTests.Cases;
using WsGate.ConformanceTests.Runner;

namespace WsGate.ConformanceTests;

/// <summary>
/// Every case of <see cref="CaseTable"/> through a gateway API whose backend is WsGate's echo, with the expectations of
/// <see cref="GatewayExpectations"/> (the echo's, except where a relay legitimately behaves differently). Rows are named
/// <c>Gateway frames: 7.3.1 CloseEmpty_Closes1000</c> so the target shows in every result.
/// </summary>
public abstract class GatewayConformanceTests(GatewayServerFixture fixture, GatewayTarget target)
{
    protected static TheoryData<string> RowsFor(GatewayTarget target) => [.. CaseTable.All.Select(c => GatewayExpectations.RowName(target, c))];

    protected async Task RunAsync(string row)
    {
        var @case = GatewayExpectations.ForRow(target, row);

        var result = await new CaseRunner(fixture.UriFor(target)).RunAsync(@case);

        Assert.True(result.MatchesExpectation, $"{row}\n{result}");
    }
}
