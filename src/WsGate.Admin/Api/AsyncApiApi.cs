using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.AsyncApi;
using WsGate.Management;
using WsGate.Routing;

namespace WsGate.Admin.Api;

/// <summary>
/// An API's AsyncAPI contract: import a document to create or update an API (through the one configuration change), and
/// export any API as a document (docs/asyncapi.md).
/// </summary>
public static class AsyncApiApi
{
    private const string YamlContentType = "application/yaml";

    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/apis").WithTags("APIs");
        group.MapPost("/import/asyncapi", async (HttpRequest request, AsyncApiImport import, ApiManager apis, string? id, string? context, bool? dryRun) =>
        {
            var document = await RequestBody.ReadTextAsync(request);
            var (api, created) = await import.RunAsync(document, new AsyncApiImportOptions { Id = id, Context = context }, dryRun == true, request.HttpContext.RequestAborted);
            var view = new AsyncApiImportView(created, dryRun == true, ApiView.From(api, apis.Find(api.Id)));
            return created && dryRun != true ? Results.Created($"/api/v1/apis/{api.Id}", view) : Results.Ok(view);
        })
            .WithSummary("Create or update an API from an AsyncAPI 2.6 or 3.0 document (YAML or JSON); id picks the API (else one from info.title); dryRun only checks")
            .ReadsBody<JsonObject>([YamlContentType, "text/yaml", AdminEndpointConventions.JsonContentType])
            .Produces<AsyncApiImportView>()
            .Produces<AsyncApiImportView>(StatusCodes.Status201Created)
            .ProducesConfigChangeProblems();

        group.MapGet("/{id}/asyncapi", (string id, string? format, ConfigManager config) =>
        {
            if (config.Current.FindApi(id) is not { } api)
            {
                return AdminProblems.NotFound($"no API '{id}'");
            }

            if (!TryFormat(format, out var chosen))
            {
                return AdminProblems.BadField("format", "must be yaml or json");
            }

            return Results.Text(AsyncApiExporter.Export(api, chosen), chosen == AsyncApiFormat.Json ? AdminEndpointConventions.JsonContentType : YamlContentType);
        })
            .WithSummary("Export an API as an AsyncAPI document (?format=yaml, the default, or json): its imported document while it still describes the API, else AsyncAPI 3.0 made from its configuration")
            .Produces<JsonObject>(StatusCodes.Status200OK, YamlContentType, AdminEndpointConventions.JsonContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
    }

    private static bool TryFormat(string? text, out AsyncApiFormat format)
    {
        format = AsyncApiFormat.Yaml;
        return string.IsNullOrEmpty(text) || (Enum.TryParse(text, ignoreCase: true, out format) && Enum.IsDefined(format));
    }
}
