namespace WsGate.Captures;

/// <summary>
/// The captures running at one moment, replaced whole when one starts or stops: a tap compares the reference it last saw
/// with the current one, and only on a change asks which runs are its own.
/// </summary>
public sealed class CaptureIndex(CaptureRun[] runs)
{
    public static CaptureIndex Empty { get; } = new([]);

    public IReadOnlyList<CaptureRun> Runs => runs;

    public CaptureRun[] For(in CaptureSubject subject)
    {
        if (runs.Length == 0)
        {
            return [];
        }

        var matching = new List<CaptureRun>(runs.Length);
        foreach (var run in runs)
        {
            if (run.Matches(subject))
            {
                matching.Add(run);
            }
        }

        return [.. matching];
    }
}
