using System.Globalization;

namespace WsGate.LoadGen.Cli;

/// <summary>
/// Parses <c>--name value</c>, <c>--name=value</c> and bare flags for one mode. Every option a mode reads is declared by
/// reading it; <see cref="EnsureAllUsed"/> then rejects anything left over, so a typo is an error, not a default.
/// </summary>
public sealed class ArgReader
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly string _mode;

    public ArgReader(string mode, IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        _mode = mode;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}' for mode {mode} (options start with --)");
            }

            string name;
            string? value;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
            }
            else if (flags.Contains(arg))
            {
                name = arg;
                value = null;
            }
            else
            {
                name = arg;
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"{name} needs a value");
                }

                value = args[++i];
            }

            if (!_values.TryAdd(name, value))
            {
                throw new UsageException($"{name} is given more than once");
            }
        }
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out var value))
        {
            return false;
        }

        return value switch
        {
            null or "true" => true,
            "false" => false,
            _ => throw new UsageException($"{name} is a flag: give it alone, or as {name}=true or {name}=false"),
        };
    }

    public string? String(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var value) ? value : null;
    }

    public int Int(string name, int defaultValue, int min, int max)
    {
        var text = String(name);
        if (text is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"{name} must be an integer from {min} to {max} (got '{text}')");
        }

        return value;
    }

    /// <summary>An integer that may carry a K or M suffix (powers of 1024), for sizes like 64K.</summary>
    public int Size(string name, int defaultValue, int min, int max)
    {
        var text = String(name);
        if (text is null)
        {
            return defaultValue;
        }

        var multiplier = 1L;
        var digits = text;
        if (text.EndsWith('K') || text.EndsWith('k'))
        {
            multiplier = 1024;
            digits = text[..^1];
        }
        else if (text.EndsWith('M') || text.EndsWith('m'))
        {
            multiplier = 1024 * 1024;
            digits = text[..^1];
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value * multiplier < min || value * multiplier > max)
        {
            throw new UsageException($"{name} must be a byte count from {min} to {max}, optionally with K or M (got '{text}')");
        }

        return (int)(value * multiplier);
    }

    public double Seconds(string name, double defaultValue, double min, double max)
    {
        var text = String(name);
        if (text is null)
        {
            return defaultValue;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || value < min || value > max)
        {
            throw new UsageException($"{name} must be a number of seconds from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} (got '{text}')");
        }

        return value;
    }

    public void EnsureAllUsed()
    {
        foreach (var name in _values.Keys)
        {
            if (!_used.Contains(name))
            {
                throw new UsageException($"unknown option {name} for mode {_mode} (see --help)");
            }
        }
    }
}
