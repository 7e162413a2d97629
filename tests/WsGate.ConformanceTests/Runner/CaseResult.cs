using WsGate.ConformanceTests.Cases;

namespace WsGate.ConformanceTests.Runner;

/// <summary>One case's run: the verdict observed, why, and the raw observation.</summary>
public sealed record CaseResult(ConformanceCase Case, Outcome Outcome, string Detail, Observation Observation)
{
    public bool MatchesExpectation => Case.Expected.Accepts(Outcome);

    public override string ToString() =>
        $"{Case.Id} {Case.Name}: {Case.Description}\n" +
        $"  expected {Case.Expected}\n" +
        $"  observed {Outcome}: {Detail}\n" +
        $"  saw {Observation}";
}
