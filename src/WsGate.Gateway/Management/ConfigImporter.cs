using WsGate.Configuration;
using WsGate.Configuration.Secrets;
using WsGate.Configuration.Validation;

namespace WsGate.Management;

/// <summary>
/// Merges an imported configuration into the current one. The imported document is validated on its own first, so
/// errors name paths in the document the operator wrote; the merged result is then validated again as a whole.
/// </summary>
public static class ConfigImporter
{
    public static (GatewayConfig Merged, ImportResult Result) Merge(
        GatewayConfig current,
        GatewayConfig imported,
        ImportMode mode,
        PortConflictPolicy policy,
        bool dryRun,
        bool replaceIdentity = false,
        bool importTiers = false,
        bool importAnalytics = false,
        string? group = null)
    {
        // A masked secret (an export without secrets) keeps the server's own; one with nothing behind it fails the import
        // before anything else is said about that field (a dry run says so too).
        imported = SecretRestorer.KeepStored(imported, current);

        // The document is checked on its own so errors name its paths; the names it refers to may be the server's.
        var references = current with
        {
            Listeners = [.. imported.Listeners, .. current.Listeners.Where(l => imported.FindListener(l.Id) is null)],
            Certificates = [.. imported.Certificates, .. current.Certificates.Where(c => imported.FindCertificate(c.Name) is null)],
            Identity = replaceIdentity ? imported.Identity : current.Identity,
            Apis = [.. imported.Apis, .. current.Apis.Where(a => imported.FindApi(a.Id) is null)],
            Clients = [.. imported.Clients, .. current.Clients.Where(c => imported.FindClient(c.Id) is null)],
            // An imported API may offer a tier the same document defines.
            Tiers = importTiers ? [.. imported.Tiers, .. current.Tiers.Where(t => imported.FindTier(t.Name) is null)] : current.Tiers,
        };
        var documentErrors = ConfigValidator.Validate(imported, references);
        if (documentErrors.Count > 0)
        {
            throw new ConfigValidationException(documentErrors);
        }

        // Replace mode replaces everything, or with a group only that group's listeners: the rest is not the document's.
        bool Replaced(ListenerConfig l) => mode == ImportMode.Replace && (group is null || ConfigGroup.Holds(l, group)) && imported.FindListener(l.Id) is null;
        var baseConfig = mode != ImportMode.Replace ? current
            : group is null ? GatewayConfig.Empty
            : current with { Listeners = [.. current.Listeners.Where(l => !Replaced(l))] };
        var added = new List<string>();
        var updated = new List<string>();
        var skipped = new List<string>();
        var removed = current.Listeners.Where(Replaced).Select(l => l.Id).ToList();
        var merged = baseConfig;

        // The identity section is one unit: present in the document, it replaces the server's; absent, it is kept in
        // merge mode (and reset with everything else in replace mode). Before this an imported identity was ignored.
        if (replaceIdentity)
        {
            merged = merged with { Identity = imported.Identity };
        }

        // Tiers present in the document are merged by name (replace mode: the document's tiers are all there is); absent,
        // the server's are kept, since binding fills an absent section with the four defaults.
        if (importTiers)
        {
            merged = mode == ImportMode.Replace ? merged with { Tiers = imported.Tiers } : imported.Tiers.Aggregate(merged, (c, t) => c.WithTier(t));
        }
        else if (mode == ImportMode.Replace && group is null)
        {
            merged = merged with { Tiers = current.Tiers };
        }

        foreach (var certificate in imported.Certificates)
        {
            merged = merged.WithCertificate(certificate);
        }

        for (var i = 0; i < imported.Listeners.Count; i++)
        {
            var listener = imported.Listeners[i];
            var clash = listener.Enabled ? FindPortClash(merged, listener) : null;
            if (clash is not null)
            {
                switch (policy)
                {
                    case PortConflictPolicy.KeepExisting:
                        skipped.Add($"{listener.Id}: its port is held by existing listener '{clash.Id}', which keeps its settings");
                        continue;
                    case PortConflictPolicy.Replace:
                        merged = merged.WithoutListener(clash.Id);
                        removed.Add(clash.Id);
                        break;
                    default:
                        throw new ConfigValidationException(
                            $"listeners[{i}].bindings",
                            $"listener '{listener.Id}' would take a port held by existing listener '{clash.Id}'");
                }
            }

            // Added or updated is judged against the configuration before the import: in replace mode the merge starts
            // empty, and a listener kept by the import would otherwise be reported as added.
            (current.FindListener(listener.Id) is null ? added : updated).Add(listener.Id);
            merged = merged.WithListener(listener);
        }

        var apisAdded = new List<string>();
        var apisUpdated = new List<string>();
        foreach (var api in imported.Apis)
        {
            (current.FindApi(api.Id) is null ? apisAdded : apisUpdated).Add(api.Id);
            merged = merged.WithApi(api);
        }

        // Outbound clients, rules and bridges merge by id like APIs.
        merged = imported.Clients.Aggregate(merged, (c, client) => c.WithClient(client));
        merged = imported.Rules.Aggregate(merged, (c, rule) => c.WithRule(rule));
        merged = imported.Bridges.Aggregate(merged, (c, bridge) => c.WithBridge(bridge));

        // The analytics section, like identity, is one unit: present in the document, it replaces the server's.
        if (importAnalytics)
        {
            merged = merged with { Analytics = imported.Analytics };
        }

        // APIs published on a listener that the port policy skipped or removed cannot stand; validation names them.
        ConfigValidator.ThrowIfInvalid(merged);
        // "Updated" is what the import changes, field by field; an item imported exactly as it is stays out of the report.
        var changes = ConfigDiff.Compute(current, merged);
        bool Changed(string section, string id) => ConfigDiff.Touches(changes, $"{section}[{id}]");
        var certificatesAdded = imported.Certificates.Where(c => current.FindCertificate(c.Name) is null).Select(c => c.Name).ToList();
        var certificatesUpdated = imported.Certificates.Where(c => current.FindCertificate(c.Name) is not null && Changed("certificates", c.Name)).Select(c => c.Name).ToList();
        return (merged, new ImportResult(
            dryRun,
            added,
            [.. updated.Where(id => Changed("listeners", id))],
            removed,
            skipped,
            certificatesAdded,
            certificatesUpdated,
            apisAdded,
            [.. apisUpdated.Where(id => Changed("apis", id))],
            changes));
    }

    private static ListenerConfig? FindPortClash(GatewayConfig config, ListenerConfig listener)
    {
        var bindings = listener.Bindings.Select(b => BindAddress.TryParse(b, out var a, out _) ? a : (BindAddress?)null).OfType<BindAddress>().ToList();
        return config.Listeners.FirstOrDefault(other =>
            other.Enabled
            && !string.Equals(other.Id, listener.Id, StringComparison.OrdinalIgnoreCase)
            && other.Bindings.Any(b => BindAddress.TryParse(b, out var a, out _) && bindings.Any(x => x.Overlaps(a))));
    }
}
