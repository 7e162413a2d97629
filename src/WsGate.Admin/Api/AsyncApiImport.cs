using WsGate.AsyncApi;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;
using WsGate.Management;

namespace WsGate.Admin.Api;

/// <summary>
/// An AsyncAPI import, the one way the admin API and the console both take: the document is made into an API against the
/// snapshot being changed and applied through <see cref="ConfigManager.ChangeAsync"/>; a dry run runs the same
/// validation on the configuration as it would be and saves nothing.
/// </summary>
public sealed class AsyncApiImport(ConfigManager config)
{
    public async Task<(ApiConfig Api, bool Created)> RunAsync(string document, AsyncApiImportOptions options, bool dryRun, CancellationToken cancellationToken)
    {
        if (dryRun)
        {
            var current = config.Current;
            var preview = AsyncApiImporter.Import(document, current, options);
            ConfigValidator.ThrowIfInvalid(current.WithApi(preview));
            return (preview, current.FindApi(preview.Id) is null);
        }

        var created = false;
        ApiConfig api = null!;
        await config.ChangeAsync(
            c =>
            {
                api = AsyncApiImporter.Import(document, c, options);
                created = c.FindApi(api.Id) is null;
                return c.WithApi(api);
            },
            cancellationToken: cancellationToken);
        return (api, created);
    }
}
