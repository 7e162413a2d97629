using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace WsGate.Configuration.Secrets;

/// <summary>
/// Serializer options that pass every <see cref="SecretAttribute"/> property through a transform: masking for reads
/// and the default export, encryption for the store and the passphrase export (and decryption when they are read
/// back). One modifier on the configuration's own options, so the secrets are found the same way everywhere.
/// </summary>
public static class SecretJson
{
    /// <summary>A transform of one secret string; <paramref name="kind"/> says which part of it is secret.</summary>
    public delegate string Transform(string value, SecretKind kind);

    /// <summary>The configuration's options, masking every secret on write; reading is unchanged.</summary>
    public static JsonSerializerOptions Masking { get; } = Create(ConfigSerializer.JsonOptions, SecretValues.MaskValue, null);

    /// <summary>
    /// <paramref name="baseOptions"/> with <paramref name="onWrite"/> applied to secrets as they are serialized and
    /// <paramref name="onRead"/> as they are deserialized (either may be null).
    /// </summary>
    public static JsonSerializerOptions Create(JsonSerializerOptions baseOptions, Transform? onWrite, Transform? onRead)
    {
        var options = new JsonSerializerOptions(baseOptions)
        {
            TypeInfoResolver = JsonTypeInfoResolver.WithAddedModifier(baseOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver(), info => Modify(info, onWrite, onRead)),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The modifier alone, for options built elsewhere (the admin API's HTTP JSON options).</summary>
    public static Action<JsonTypeInfo> MaskingModifier { get; } = info => Modify(info, SecretValues.MaskValue, null);

    private static void Modify(JsonTypeInfo info, Transform? onWrite, Transform? onRead)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            var secret = property.AttributeProvider?.GetCustomAttributes(typeof(SecretAttribute), inherit: true).OfType<SecretAttribute>().FirstOrDefault();
            if (secret is null)
            {
                continue;
            }

            var kind = secret.Kind;
            if (onWrite is not null && property.Get is { } get)
            {
                property.Get = kind == SecretKind.DictionaryValues
                    ? owner => Map(get(owner), onWrite, kind)
                    : owner => get(owner) is string text ? onWrite(text, kind) : null;
            }

            if (onRead is not null && property.Set is { } set)
            {
                property.Set = kind == SecretKind.DictionaryValues
                    ? (owner, value) => set(owner, Map(value, onRead, kind))
                    : (owner, value) => set(owner, value is string text ? onRead(text, kind) : value);
            }
        }
    }

    private static Dictionary<string, string>? Map(object? values, Transform transform, SecretKind kind) =>
        values is IEnumerable<KeyValuePair<string, string>> pairs
            ? pairs.ToDictionary(p => p.Key, p => transform(p.Value, kind))
            : null;
}
