using System.Globalization;

namespace WsGate.LoadGen.Measurement;

/// <summary>
/// CPU time of other processes (a proxy under test) from <c>/proc/PID/stat</c>: user plus system time of all their
/// threads, so a run can report what the proxy spent on exactly its measured window.
/// </summary>
public static class ProcessCpu
{
    /// <summary>Linux reports <c>utime</c> and <c>stime</c> in USER_HZ ticks, which is 100 per second on every Linux ABI.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Summed user + system seconds of <paramref name="pids"/>; a process that has gone counts as 0.</summary>
    public static double Seconds(IReadOnlyList<int> pids)
    {
        var ticks = 0L;
        foreach (var pid in pids)
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                continue;
            }

            // Fields after the command name, which is in parentheses and may contain spaces: state is field 3, utime 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        return ticks / TicksPerSecond;
    }
}
