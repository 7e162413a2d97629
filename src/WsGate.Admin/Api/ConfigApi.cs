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
        group.MapGet("/export", (ConfigExport export, string? group) =>
            Results.Text(export.ToYaml(EmptyAsNull(group), passphrase: null), YamlContentType))
            .WithSummary("Export the whole configuration, or one listener group (?group=), as YAML, secrets masked")
            .Produces<GatewayConfig>(StatusCodes.Status200OK, YamlContentType)
            .ProducesValidationProblem();

        // Admins only (every POST outside the routes other roles may change is): the secrets sealed with a passphrase.
        group.MapPost("/export", async (HttpRequest request, ConfigExport export) =>
        {
            var body = await RequestBody.ReadAsync<ExportRequest>(request);
            if (body.Passphrase is not { Length: >= MinPassphraseLength })
            {
                return AdminProblems.BadField("passphrase", $"is required, at least {MinPassphraseLength} characters; it will be needed to import the secrets");
            }

            return Results.Text(export.ToYaml(EmptyAsNull(body.Group), body.Passphrase), YamlContentType);
        })
            .WithSummary("Export the whole configuration, or one listener group, as YAML with its secrets sealed by a passphrase (admins)")
            .ReadsJson<ExportRequest>()
            .Produces<GatewayConfig>(StatusCodes.Status200OK, YamlContentType)
            .ProducesValidationProblem();

        // Saves the configuration unchanged, so every secret is sealed again with the current data key (key rotation).
        group.MapPost("/reseal", async (ConfigManager config, IWsGateStore store, CancellationToken cancellationToken) =>
        {
            await config.ChangeAsync(c => c, cancellationToken: cancellationToken);
            return Results.Ok(new ResealView(config.Revision, store.DescribeSecrets()));
        })
            .WithSummary("Seal every secret again with the current data key (key rotation)")
            .Produces<ResealView>()
            .ProducesConfigChangeProblems();

        group.MapPost("/import", async (HttpRequest request, ConfigImport import, string? mode, string? onPortConflict, bool? dryRun, string? group) =>
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
            return Results.Ok(await import.RunAsync(text, passphrase, importMode, policy, dryRun == true, EmptyAsNull(group), request.HttpContext.RequestAborted));
        })
            .WithSummary("Import a configuration document (YAML or JSON), all or nothing; dryRun only reports what would change; group imports one listener group and touches nothing else")
            .ReadsBody<GatewayConfig>([YamlContentType, AdminEndpointConventions.JsonContentType])
            .ReadsParameters(HandReadParameter.Header(PassphraseHeader, "the passphrase of an export with sealed secrets"))
            .Produces<ImportResult>()
            .ProducesConfigChangeProblems();
    }

    /// <summary>The header that carries an import's passphrase (a header, so it reaches no URL or access log).</summary>
    public const string PassphraseHeader = "X-WsGate-Passphrase";

    private const int MinPassphraseLength = 12;

    private const string YamlContentType = "application/yaml";

    private static string? EmptyAsNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

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
