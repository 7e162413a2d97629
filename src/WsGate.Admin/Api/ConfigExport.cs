using System.Text.Json;
using WsGate.Configuration;
using WsGate.Configuration.Secrets;
using WsGate.Management;

namespace WsGate.Admin.Api;

/// <summary>
/// The one way the configuration is exported, whether for the REST API, the CLI or the console: the whole of it or one
/// listener group, with secrets masked or sealed under a passphrase, as a YAML document with a header saying which.
/// </summary>
public sealed class ConfigExport(ConfigManager config, TimeProvider time)
{
    /// <summary>The document; an unknown <paramref name="group"/> is a <see cref="Configuration.Validation.ConfigValidationException"/> naming it.</summary>
    public string ToYaml(string? group, string? passphrase)
    {
        var current = config.Current;
        var part = group is null ? current : ConfigGroup.Select(current, group);
        var document = passphrase is null
            ? JsonSerializer.SerializeToNode(part, SecretJson.Masking)
            : SecretExport.Seal(part, passphrase);
        if (group is not null)
        {
            ConfigGroup.Trim(document);
        }

        var what = group is null ? "WsGate configuration" : $"WsGate listener group '{group}' (its listeners and their certificates)";
        var secrets = passphrase is null
            ? "Secrets are masked (********): importing this keeps a server's own; to replicate them, an admin exports with a passphrase."
            : $"Secrets are sealed with a passphrase (AES-256-GCM, key from PBKDF2-SHA256 with {PassphraseSeal.Iterations} iterations); import with the same passphrase.";
        var import = group is null ? "" : $"\nImport it with `wsgate config import FILE --group {group}` to change that group only.";
        return ConfigSerializer.ToYaml(document, $"{what}, revision {config.Revision}, exported {time.GetUtcNow():O}\n{secrets}{import}");
    }

    /// <summary>A file name for the download: the revision, and the group when there is one.</summary>
    public string FileName(string? group) =>
        group is null ? $"wsgate-config-r{config.Revision}.yaml" : $"wsgate-group-{Uri.EscapeDataString(group)}-r{config.Revision}.yaml";
}
