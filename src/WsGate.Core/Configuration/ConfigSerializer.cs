using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using WsGate.Configuration.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace WsGate.Configuration;

/// <summary>
/// Reads and writes configuration as JSON (admin API) and YAML (export/import, config files). YAML is mapped onto the same
/// JSON model so both formats share one set of binding rules and one style of error path.
/// </summary>
public static class ConfigSerializer
{
    public static JsonSerializerOptions JsonOptions { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            WriteIndented = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Binds JSON to <typeparamref name="T"/>; type and unknown-field errors become a <see cref="ConfigValidationException"/>
    /// naming each path. With <paramref name="references"/> (the configuration the value will join), the same exception
    /// also holds what the semantic rules find in the rest of the value, so one answer lists every problem.
    /// </summary>
    public static T FromJson<T>(JsonNode? node, string pathPrefix = "", GatewayConfig? references = null)
        where T : class
    {
        // Every unknown field and wrong kind at once, in the API's terms; binding below would stop at the first.
        if (node is not null && JsonShapeChecker.Check(node, typeof(T), JsonOptions, pathPrefix, out var pruned) is { Count: > 0 } shape)
        {
            throw new ConfigValidationException(WithRuleErrors<T>(shape, pruned, pathPrefix, references));
        }

        try
        {
            return node.Deserialize<T>(JsonOptions) ?? throw new ConfigValidationException(pathPrefix.Length == 0 ? "$" : pathPrefix, "a value is required");
        }
        catch (JsonException ex)
        {
            throw new ConfigValidationException(ToConfigPath(ex.Path, pathPrefix), Describe(ex));
        }
    }

    /// <summary>
    /// The shape errors, then the rule errors of what is left once the failing fields are taken out, but for those at or
    /// under a field that already failed (a list dropped for one bad element would also read as "required").
    /// </summary>
    private static List<ConfigError> WithRuleErrors<T>(IReadOnlyList<ConfigError> shape, JsonNode? pruned, string pathPrefix, GatewayConfig? references)
        where T : class
    {
        var all = shape.ToList();
        T? rest;
        try
        {
            rest = pruned.Deserialize<T>(JsonOptions);
        }
        catch (JsonException)
        {
            return all;
        }

        if (rest is null)
        {
            return all;
        }

        foreach (var error in ConfigValidator.ValidateFragment(rest, references, pathPrefix))
        {
            if (!shape.Any(s => IsAtOrUnder(error.Path, Dropped(s.Path))))
            {
                all.Add(error);
            }
        }

        return all;
    }

    /// <summary>The field taken out for an error: a bad list element takes its whole list (see <see cref="JsonShapeChecker"/>).</summary>
    private static string Dropped(string path)
    {
        while (path.EndsWith(']') && path.LastIndexOf('[') is > 0 and var open)
        {
            path = path[..open];
        }

        return path;
    }

    private static bool IsAtOrUnder(string path, string parent) =>
        path == parent
        || (path.Length > parent.Length && path.StartsWith(parent, StringComparison.Ordinal) && path[parent.Length] is '.' or '[');

    public static T FromJson<T>(string json, string pathPrefix = "", GatewayConfig? references = null)
        where T : class
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ConfigValidationException(ToConfigPath(ex.Path, pathPrefix), "is not valid JSON: " + ex.Message);
        }

        return FromJson<T>(node, pathPrefix, references);
    }

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    public static GatewayConfig FromYaml(string yaml) => FromJson<GatewayConfig>(YamlToJson(yaml));

    /// <summary>
    /// The configuration as a YAML document. <paramref name="options"/> decides how secrets read: by default as they are
    /// (the store's and the tests' view); exports pass <see cref="Secrets.SecretJson.Masking"/> or an encrypting variant.
    /// </summary>
    public static string ToYaml(GatewayConfig config, string? header = null, JsonSerializerOptions? options = null) =>
        ToYaml(JsonSerializer.SerializeToNode(config, options ?? JsonOptions), header);

    /// <summary>A configuration already in its JSON form (for example with its secrets sealed) as a YAML document.</summary>
    public static string ToYaml(JsonNode? node, string? header)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        if (header is not null)
        {
            foreach (var line in header.Split('\n'))
            {
                writer.Write("# ");
                writer.WriteLine(line);
            }
        }

        var document = new YamlDocument(ToYaml(node));
        new YamlStream(document).Save(writer, assignAnchors: false);
        var text = writer.ToString();

        // YamlStream writes a document end marker; a config file reads better without it.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>Converts a YAML document to JSON; plain scalars become numbers, booleans or null as YAML 1.2's core schema says.</summary>
    public static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ConfigValidationException($"line {ex.Start.Line}", "is not valid YAML: " + (ex.InnerException?.Message ?? ex.Message));
        }

        return stream.Documents.Count == 0 ? new JsonObject() : ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => ScalarToJson(scalar),
        _ => null,
    };

    private static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.Plain)
        {
            switch (value)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return null;
                case "true" or "True" or "TRUE":
                    return JsonValue.Create(true);
                case "false" or "False" or "FALSE":
                    return JsonValue.Create(false);
            }

            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return JsonValue.Create(integer);
            }

            // .NET also parses "NaN", "Infinity" and overflowing exponents, which JSON cannot hold (writing them throws);
            // YAML spells those .nan and .inf, so plain NaN and Infinity stay strings.
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return JsonValue.Create(number);
            }
        }

        return JsonValue.Create(value);
    }

    private static YamlNode ToYaml(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var map = new YamlMappingNode();
                foreach (var (key, value) in obj)
                {
                    map.Add(new YamlScalarNode(key), ToYaml(value));
                }

                return map;
            case JsonArray array:
                var seq = new YamlSequenceNode(array.Select(ToYaml));
                if (array.Count == 0 || array.All(a => a is JsonValue))
                {
                    seq.Style = YamlDotNet.Core.Events.SequenceStyle.Flow;
                }

                return seq;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var scalar = new YamlScalarNode(text);
                if (text.Contains('\n', StringComparison.Ordinal))
                {
                    scalar.Style = ScalarStyle.Literal;
                }
                else if (NeedsQuotes(text))
                {
                    scalar.Style = ScalarStyle.DoubleQuoted;
                }

                return scalar;
            case JsonValue value:
                return new YamlScalarNode(value.ToJsonString()) { Style = ScalarStyle.Plain };
            default:
                return new YamlScalarNode("null") { Style = ScalarStyle.Plain };
        }
    }

    private static bool NeedsQuotes(string text) =>
        text.Length == 0
        || ScalarToJson(new YamlScalarNode(text) { Style = ScalarStyle.Plain }) is not JsonValue v
        || v.GetValueKind() != JsonValueKind.String
        || text.IndexOfAny([':', '#', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`']) >= 0
        || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]) || text[0] == '-' || text[0] == '?';

    private static string ToConfigPath(string? jsonPath, string prefix)
    {
        var path = (jsonPath ?? "$").TrimStart('$').TrimStart('.');
        return prefix.Length == 0 ? (path.Length == 0 ? "$" : path) : path.Length == 0 ? prefix : prefix + "." + path;
    }

    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;

        // System.Text.Json names the .NET type it could not bind ("...could not be converted to WsGate.X.ThrottleAction.");
        // an operator needs the values the field takes instead.
        const string Marker = "could not be converted to ";
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return message;
        }

        var typeName = message[(at + Marker.Length)..].TrimEnd('.');
        var nullable = typeName.StartsWith("System.Nullable`1[[", StringComparison.Ordinal);
        if (nullable)
        {
            typeName = typeName["System.Nullable`1[[".Length..].Split(',')[0];
        }

        var type = typeof(ConfigSerializer).Assembly.GetType(typeName) ?? Type.GetType(typeName);
        return type switch
        {
            { IsEnum: true } => "must be one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n))),
            not null when type == typeof(bool) => "must be true or false",
            not null when type == typeof(string) => "must be a string",
            not null when type.IsPrimitive || type == typeof(decimal) => "must be a number",
            _ => message,
        };
    }
}
