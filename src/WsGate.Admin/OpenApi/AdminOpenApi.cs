using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WsGate.Admin.OpenApi;

/// <summary>
/// The admin API's OpenAPI document (<c>/openapi/v1.json</c>, and the console's API reference): its description, its
/// security schemes, and the request bodies routes read by hand.
/// </summary>
public static class AdminOpenApi
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddWsGateOpenApi(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, RequestBodyDescriptionProvider>());
        services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "WsGate admin API";
                document.Info.Description = "Manage listeners, certificates, live connections, channels and configuration of a WsGate server. "
                    + "Errors are RFC 9457 problem details (application/problem+json); a refused body (400) lists every bad field by its JSON path under errors.";
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer<AdminSecurityTransformer>();
            o.AddOperationTransformer<AdminSecurityTransformer>();
        });
        return services;
    }
}
