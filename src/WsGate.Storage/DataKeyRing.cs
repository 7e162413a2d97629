using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WsGate.Configuration;
using WsGate.Configuration.Secrets;

namespace WsGate.Storage;

/// <summary>
/// The keys that encrypt the configuration's secrets at rest (AES-256-GCM, .NET's <see cref="AesGcm"/>): the first
/// seals, any of them opens, so a key is rotated by putting the new one first, re-saving the configuration
/// (<c>wsgate config reseal</c>), then dropping the old one. A sealed value reads
/// <c>wsgate-key:v1:KEYID:NONCE:CIPHERTEXT+TAG</c>, KEYID being the first 8 hex digits of the key's SHA-256.
/// Keys come from <see cref="Variable"/> (base64 keys, comma-separated) or, for the embedded store, from a key file
/// beside the database, created with owner-only permissions on first use.
/// </summary>
public sealed class DataKeyRing
{
    public const string Variable = "WSGATE_DATA_KEY";
    public const string Prefix = "wsgate-key:v1:";
    private const int KeySize = 32;
    private static readonly byte[] Context = Encoding.ASCII.GetBytes("wsgate store secret v1");

    private readonly List<(string Id, byte[] Key)> _keys;

    public DataKeyRing(IEnumerable<byte[]> keys)
    {
        _keys = keys.Select(k => k.Length == KeySize ? (KeyId(k), k) : throw new FormatException($"a data key must be {KeySize} bytes (base64 of 32 random bytes)")).ToList();
        if (_keys.Count == 0)
        {
            throw new FormatException("no data key");
        }

        Options = SecretJson.Create(ConfigSerializer.JsonOptions, Seal, Open);
    }

    /// <summary>The configuration's serializer options with every secret sealed on write and opened on read.</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>Options for a store that has no key: secrets are written as they are, and a sealed one cannot be read.</summary>
    public static JsonSerializerOptions NoKeyOptions { get; } = SecretJson.Create(ConfigSerializer.JsonOptions, null, (value, _) =>
        value.StartsWith(Prefix, StringComparison.Ordinal)
            ? throw new JsonException($"a secret is encrypted with a data key and none is configured; set {Variable} to the key(s) it was written with")
            : value);

    public string CurrentKeyId => _keys[0].Id;

    /// <summary>The keys in <paramref name="text"/>: base64 keys separated by commas or new lines, the current one first.</summary>
    public static DataKeyRing Parse(string text, string source)
    {
        try
        {
            return new DataKeyRing(text.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Convert.FromBase64String));
        }
        catch (FormatException ex)
        {
            throw new StoreUnavailableException($"{source}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The keys for a store: <see cref="Variable"/> when set, else the key file (created with one new key when
    /// <paramref name="keyFile"/> is given and missing), else none.
    /// </summary>
    public static DataKeyRing? Resolve(string? keyFile)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment)
        {
            return Parse(fromEnvironment, Variable);
        }

        if (keyFile is null)
        {
            return null;
        }

        if (!File.Exists(keyFile))
        {
            CreateKeyFile(keyFile);
        }

        return Parse(File.ReadAllText(keyFile), keyFile);
    }

    public string Seal(string value, SecretKind kind)
    {
        // An address without credentials holds no secret and stays readable; an empty value has nothing to hide.
        if (value.Length == 0 || value.StartsWith(Prefix, StringComparison.Ordinal) || (kind == SecretKind.Url && !SecretValues.HasUrlCredentials(value)))
        {
            return value;
        }

        var (id, key) = _keys[0];
        return $"{Prefix}{id}:{AesGcmSeal.Seal(key, value, Context)}";
    }

    public string Open(string value, SecretKind kind)
    {
        if (!value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            // Written before encryption at rest, or without a key: read as it is, sealed at the next save.
            return value;
        }

        var rest = value[Prefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var keyId = colon > 0 ? rest[..colon] : "";
        var match = _keys.FirstOrDefault(k => k.Id == keyId);
        if (match.Key is null)
        {
            throw new JsonException(colon > 0
                ? $"a secret is encrypted with data key {keyId}, which is not among the configured keys ({string.Join(", ", _keys.Select(k => k.Id))})"
                : "a secret is damaged (not a sealed value)");
        }

        return AesGcmSeal.TryOpen(match.Key, rest[(colon + 1)..], Context, out var secret)
            ? secret
            : throw new JsonException($"a secret sealed with data key {keyId} does not open: it was damaged or changed");
    }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize));

    private static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..8];

    private static void CreateKeyFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, Encoding.ASCII, options);
            writer.WriteLine(NewKey());
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; read theirs.
        }
    }
}
