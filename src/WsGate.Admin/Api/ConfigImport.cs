using System.Text.Json.Nodes;
using WsGate.Configuration;
using WsGate.Configuration.Secrets;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>
/// The one way a configuration document is imported, whether it came through the REST API, the CLI or the console:
/// secrets opened with the passphrase, the sections the document has applied, tiers still in use refused, all or nothing.
/// Problems are thrown as <see cref="ConfigValidationException"/> naming the document's paths.
/// </summary>
public sealed class ConfigImport(ConfigManager config, IIdentityStore identity)
{
    /// <summary>Imports <paramref name="document"/>; with <paramref name="group"/>, as that listener group only (see <see cref="ConfigGroup"/>).</summary>
    public async Task<ImportResult> RunAsync(string document, string? passphrase, ImportMode mode, PortConflictPolicy policy, bool dryRun, string? group, CancellationToken cancellationToken)
    {
        var node = ConfigSerializer.YamlToJson(document);
        SecretExport.Open(node, passphrase);
        var imported = ConfigSerializer.FromJson<GatewayConfig>(node, references: config.Current);

        // Which sections the document has at all: binding fills an absent one with its defaults, which must not replace the server's.
        var sections = node is JsonObject root ? root.Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase) : [];
        var hasIdentity = sections.Contains("identity");
        var hasTiers = sections.Contains("tiers");
        var hasAnalytics = sections.Contains("analytics");
        if (group is not null)
        {
            imported = ConfigGroup.CheckDocument(imported, sections, group);
        }

        var (preview, previewResult) = ConfigImporter.Merge(config.Current, imported, mode, policy, dryRun: true, hasIdentity, hasTiers, hasAnalytics, group);
        if (await TiersApi.InUseAsync(identity, preview, config.Current.Tiers.Select(t => t.Name), cancellationToken) is { } inUse)
        {
            throw new ConfigValidationException("tiers", inUse);
        }

        if (dryRun)
        {
            return previewResult;
        }

        ImportResult? result = null;
        await config.ChangeAsync(
            current =>
            {
                var (merged, r) = ConfigImporter.Merge(current, imported, mode, policy, dryRun: false, hasIdentity, hasTiers, hasAnalytics, group);
                result = r;
                return merged;
            },
            cancellationToken: cancellationToken);
        return result!;
    }
}
