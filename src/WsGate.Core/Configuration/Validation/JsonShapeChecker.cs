using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace WsGate.Configuration.Validation;

/// <summary>
/// Checks a JSON document against the shape of the type it will bind to before binding, so that every unknown field and
/// every value of the wrong kind is reported at once, each with its path and in the API's terms ("must be a list of
/// strings", "unknown field; did you mean 'bindings'?"). System.Text.Json stops at the first problem and names .NET
/// types; the shape comes from the same serializer metadata, so the two cannot disagree on field names.
/// </summary>
public static class JsonShapeChecker
{
    private const int MaxErrors = 100;

    public static IReadOnlyList<ConfigError> Check(JsonNode? node, Type type, JsonSerializerOptions options, string pathPrefix = "") =>
        Check(node, type, options, pathPrefix, out _);

    /// <summary>
    /// Checks <paramref name="node"/> and gives in <paramref name="pruned"/> a copy without the fields that failed (a list
    /// with a bad element goes whole), so the rest can still be bound and checked by the semantic rules and one answer
    /// holds every problem. <paramref name="pruned"/> is null when the document itself is of the wrong kind.
    /// </summary>
    public static IReadOnlyList<ConfigError> Check(JsonNode? node, Type type, JsonSerializerOptions options, string pathPrefix, out JsonNode? pruned)
    {
        var errors = new List<ConfigError>();
        var copy = node?.DeepClone();
        var removals = new List<Action?>();
        Visit(copy, type, options, pathPrefix, errors, removals, remove: null);
        foreach (var remove in removals)
        {
            if (remove is null)
            {
                pruned = null;
                return errors;
            }

            remove();
        }

        pruned = copy;
        return errors;
    }

    /// <summary>Checks one node; <paramref name="remove"/> takes it out of its parent (null for the document itself).</summary>
    private static void Visit(JsonNode? node, Type type, JsonSerializerOptions options, string path, List<ConfigError> errors, List<Action?> removals, Action? remove)
    {
        if (errors.Count >= MaxErrors)
        {
            return;
        }

        void Fail(string message)
        {
            errors.Add(new ConfigError(Name(path), message));
            removals.Add(remove);
        }

        var underlying = Nullable.GetUnderlyingType(type);
        if (node is null)
        {
            // Null binds to a reference or a nullable; a required non-nullable value type is the serializer's to refuse.
            if (type.IsValueType && underlying is null)
            {
                Fail($"must be {Describe(type, options)}, not null");
            }

            return;
        }

        type = underlying ?? type;
        var info = options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when info.Properties.Count > 0 || type.IsClass:
                if (node is not JsonObject obj)
                {
                    Fail($"must be an object with fields, not {KindOf(node)}");
                    return;
                }

                var properties = info.Properties.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
                foreach (var (name, value) in obj)
                {
                    var childPath = Join(path, name);
                    if (properties.TryGetValue(name, out var property))
                    {
                        Visit(value, property.PropertyType, options, childPath, errors, removals, () => obj.Remove(name));
                    }
                    else if (options.UnmappedMemberHandling == System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)
                    {
                        errors.Add(new ConfigError(childPath, UnknownField(name, info.Properties.Select(p => p.Name))));
                        removals.Add(() => obj.Remove(name));
                    }
                }

                return;
            case JsonTypeInfoKind.Enumerable:
                if (node is not JsonArray array)
                {
                    Fail($"must be {Describe(type, options)}, not {KindOf(node)}");
                    return;
                }

                // A list with a bad element is dropped whole: removing one element would renumber the paths of the rest.
                for (var i = 0; i < array.Count; i++)
                {
                    Visit(array[i], info.ElementType!, options, $"{Name(path)}[{i}]", errors, removals, remove);
                }

                return;
            case JsonTypeInfoKind.Dictionary:
                if (node is not JsonObject map)
                {
                    Fail($"must be {Describe(type, options)}, not {KindOf(node)}");
                    return;
                }

                foreach (var (name, value) in map)
                {
                    Visit(value, info.ElementType!, options, Join(path, name), errors, removals, () => map.Remove(name));
                }

                return;
            default:
                if (!HasKind(node, type))
                {
                    Fail($"must be {Describe(type, options)}, not {KindOf(node)}");
                }

                return;
        }
    }

    private static bool HasKind(JsonNode node, Type type)
    {
        var kind = node.GetValueKind();
        return type switch
        {
            _ when type == typeof(string) => kind == JsonValueKind.String,
            _ when type == typeof(bool) => kind is JsonValueKind.True or JsonValueKind.False,
            _ when type.IsEnum => kind == JsonValueKind.String && Enum.GetNames(type).Contains(node.GetValue<string>(), StringComparer.OrdinalIgnoreCase),
            _ when IsInteger(type) => kind == JsonValueKind.Number && FitsInteger(node, type),
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => kind == JsonValueKind.Number,
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Uri) || type == typeof(TimeSpan) => kind == JsonValueKind.String,

            // Anything else has a converter of its own; it reports its own errors when bound.
            _ => true,
        };
    }

    /// <summary>What a value of <paramref name="type"/> looks like, in the API's terms.</summary>
    private static string Describe(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(Uri))
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName));
        }

        if (IsInteger(type))
        {
            return "a whole number" + (type == typeof(int) ? $" up to {int.MaxValue}" : "");
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return "a number";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "a date and time (ISO 8601)";
        }

        var info = options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => "a list of " + Plural(Describe(info.ElementType!, options)),
            JsonTypeInfoKind.Dictionary => "an object whose values are " + Plural(Describe(info.ElementType!, options)),
            JsonTypeInfoKind.Object => "an object with fields",
            _ => "a value of another kind",
        };
    }

    private static string Plural(string description) => description switch
    {
        "a string" => "strings",
        "true or false" => "true or false values",
        "a number" => "numbers",
        "an object with fields" => "objects",
        _ when description.StartsWith("a whole number", StringComparison.Ordinal) => "whole numbers",
        _ when description.StartsWith("a list of ", StringComparison.Ordinal) => "lists of " + description["a list of ".Length..],
        _ => description,
    };

    private static string UnknownField(string name, IEnumerable<string> known)
    {
        var candidates = known.ToList();
        var best = candidates
            .Select(c => (Name: c, Distance: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(2, name.Length / 4))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is not null
            ? $"is not a known field; did you mean '{best.Name}'?"
            : $"is not a known field (known: {string.Join(", ", candidates)})";
    }

    /// <summary>Levenshtein distance, for the "did you mean" of a misspelt field name (names are short).</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static bool IsInteger(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
        || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte);

    /// <summary>A whole number in the type's range, written without a fraction or exponent (as the serializer requires).</summary>
    private static bool FitsInteger(JsonNode node, Type type)
    {
        if (!long.TryParse(node.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return type == typeof(ulong) && ulong.TryParse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out _);
        }

        return type switch
        {
            _ when type == typeof(int) => value is >= int.MinValue and <= int.MaxValue,
            _ when type == typeof(short) => value is >= short.MinValue and <= short.MaxValue,
            _ when type == typeof(byte) => value is >= byte.MinValue and <= byte.MaxValue,
            _ when type == typeof(sbyte) => value is >= sbyte.MinValue and <= sbyte.MaxValue,
            _ when type == typeof(ushort) => value is >= ushort.MinValue and <= ushort.MaxValue,
            _ when type == typeof(uint) => value is >= uint.MinValue and <= uint.MaxValue,
            _ when type == typeof(ulong) => value >= 0,
            _ => true,
        };
    }

    private static string KindOf(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the string {node.ToJsonString()}",
        JsonValueKind.Number => $"the number {node.ToJsonString()}",
        JsonValueKind.True or JsonValueKind.False => node.ToJsonString(),
        _ => "null",
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Name(string path) => path.Length == 0 ? "$" : path;
}
