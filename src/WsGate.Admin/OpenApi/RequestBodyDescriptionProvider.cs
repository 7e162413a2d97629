using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace WsGate.Admin.OpenApi;

/// <summary>
/// Describes the body of each route that carries <see cref="RequestBodyMetadata"/> as ApiExplorer describes a bound
/// body, so the OpenAPI generator writes its request body schema (with component references) as for any other route.
/// </summary>
internal sealed class RequestBodyDescriptionProvider(IModelMetadataProvider metadata) : IApiDescriptionProvider
{
    // After the minimal API provider (-1100), which creates the descriptions this one completes.
    public int Order => 0;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
        foreach (var description in context.Results)
        {
            if (description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyMetadata>().LastOrDefault() is not { } body
                || description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body))
            {
                continue;
            }

            description.ParameterDescriptions.Add(new ApiParameterDescription
            {
                Name = "body",
                Type = body.Type,
                Source = BindingSource.Body,
                IsRequired = !body.IsOptional,
                ModelMetadata = metadata.GetMetadataForType(body.Type),
            });
            foreach (var contentType in body.ContentTypes)
            {
                description.SupportedRequestFormats.Add(new ApiRequestFormat { MediaType = contentType });
            }
        }
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
    }
}
