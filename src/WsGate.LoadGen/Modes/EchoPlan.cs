namespace WsGate.LoadGen.Modes;

/// <summary>The clock of an echo run, in <see cref="System.Diagnostics.Stopwatch"/> ticks, shared by every connection.</summary>
public sealed class EchoPlan
{
    public required long MeasureStartTicks { get; init; }
    public required long EndTicks { get; init; }
    public required bool HasBudget { get; init; }

    /// <summary>Measured messages still allowed when <see cref="HasBudget"/>; taken with <see cref="Interlocked.Decrement(ref long)"/>.</summary>
    public long Budget;
}
