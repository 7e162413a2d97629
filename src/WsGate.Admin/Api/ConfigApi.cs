using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Configuration;
using WsGate.Configuration.Secrets;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>
/// The whole configuration as one YAML document: export (secrets masked, or sealed with a passphrase for admins) to
/// replicate a server, import to apply all or nothing.
/// </summary>
public static class ConfigApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/config").WithTags("Configuration");
        group.MapGet("/export", (ConfigManager config, TimeProvider time) =>
            Results.Text(
                ConfigSerializer.ToYaml(
                    config.Current,
                    $"WsGate configuration, revision {config.Revision}, exported {time.GetUtcNow():O}\n"
                    + "Secrets are masked (********): importing this keeps a server's own; to replicate them, an admin exports with a passphrase.",
                    SecretJson.Masking),
                "application/yaml"))
            .WithSummary("Export the whole configuration as YAML, secrets masked")
            .Produces<GatewayConfig>(StatusCodes.Status200OK, YamlContentType);

        // Admins only (every POST outside the routes other roles may change is): the secrets sealed with a passphrase.
        group.MapPost("/export", async (HttpRequest request, ConfigManager config, TimeProvider time) =>
        {
            var body = await RequestBody.ReadAsync<ExportRequest>(request);
            if (body.Passphrase is not { Length: >= MinPassphraseLength })
            {
                return AdminProblems.BadField("passphrase", $"is required, at least {MinPassphraseLength} characters; it will be needed to import the secrets");
            }

            var sealedConfig = SecretExport.Seal(config.Current, body.Passphrase);
            return Results.Text(
                ConfigSerializer.ToYaml(
                    sealedConfig,
                    $"WsGate configuration, revision {config.Revision}, exported {time.GetUtcNow():O}\n"
                    + $"Secrets are sealed with a passphrase (AES-256-GCM, key from PBKDF2-SHA256 with {PassphraseSeal.Iterations} iterations); import with the same passphrase."),
                "application/yaml");
        })
            .WithSummary("Export the whole configuration as YAML with its secrets sealed by a passphrase (admins)")
            .ReadsJson<ExportRequest>()
            .Produces<GatewayConfig>(StatusCodes.Status200OK, YamlContentType);

        // Saves the configuration unchanged, so every secret is sealed again with the current data key (key rotation).
        group.MapPost("/reseal", async (ConfigManager config, IWsGateStore store, CancellationToken cancellationToken) =>
        {
            await config.ChangeAsync(c => c, cancellationToken: cancellationToken);
            return Results.Ok(new ResealView(config.Revision, store.DescribeSecrets()));
        })
            .WithSummary("Seal every secret again with the current data key (key rotation)")
            .Produces<ResealView>()
            .ProducesConfigChangeProblems();

        group.MapPost("/import", async (HttpRequest request, ConfigImport import, string? mode, string? onPortConflict, bool? dryRun) =>
        {
            if (!TryParse<ImportMode>(mode, ImportMode.Merge, out var importMode))
            {
                return AdminProblems.BadField("mode", "must be merge or replace");
            }

            if (!TryParse<PortConflictPolicy>(onPortConflict, PortConflictPolicy.KeepExisting, out var policy))
            {
                return AdminProblems.BadField("onPortConflict", "must be keepExisting, replace or reject");
            }

            var text = await RequestBody.ReadTextAsync(request);
            var passphrase = request.Headers[PassphraseHeader].ToString();
            return Results.Ok(await import.RunAsync(text, passphrase, importMode, policy, dryRun == true, request.HttpContext.RequestAborted));
        })
            .WithSummary("Import a configuration document (YAML or JSON), all or nothing; dryRun only reports what would change")
            .ReadsBody<GatewayConfig>([YamlContentType, AdminEndpointConventions.JsonContentType])
            .ReadsParameters(HandReadParameter.Header(PassphraseHeader, "the passphrase of an export with sealed secrets"))
            .Produces<ImportResult>()
            .ProducesConfigChangeProblems();
    }

    /// <summary>The header that carries an import's passphrase (a header, so it reaches no URL or access log).</summary>
    public const string PassphraseHeader = "X-WsGate-Passphrase";

    private const int MinPassphraseLength = 12;

    private const string YamlContentType = "application/yaml";

    private static bool TryParse<T>(string? text, T fallback, out T value)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value);
    }
}
