using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using WsGate.Admin.Security;

namespace WsGate.Admin.OpenApi;

/// <summary>
/// What the OpenAPI document says about admin routes beyond their handlers: the body a route reads by hand, and the
/// problem responses that the shared middleware and filters give every route, declared once here rather than per route.
/// </summary>
public static class AdminEndpointConventions
{
    public const string JsonContentType = "application/json";

    private const string ProblemContentType = "application/problem+json";

    /// <summary>The route reads a JSON body of <typeparamref name="T"/> through <c>RequestBody</c>.</summary>
    public static RouteHandlerBuilder ReadsJson<T>(this RouteHandlerBuilder builder, bool optional = false) =>
        builder.ReadsBody<T>([JsonContentType], optional);

    /// <summary>The route reads a body of <typeparamref name="T"/> in one of <paramref name="contentTypes"/>.</summary>
    public static RouteHandlerBuilder ReadsBody<T>(this RouteHandlerBuilder builder, IReadOnlyList<string> contentTypes, bool optional = false) =>
        builder.WithMetadata(new RequestBodyMetadata(typeof(T), contentTypes, optional));

    /// <summary>Documents parameters the handler reads from the request itself (see <see cref="HandReadParameter"/>).</summary>
    public static RouteHandlerBuilder ReadsParameters(this RouteHandlerBuilder builder, params IReadOnlyList<HandReadParameter> parameters) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in parameters)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = parameter.Location,
                    Description = parameter.Description,
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Format = parameter.Format,
                        Enum = parameter.Values?.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
                    },
                });
            }

            return Task.CompletedTask;
        });

    /// <summary>
    /// The route changes the configuration through <c>ConfigManager.ChangeAsync</c>, which validates the whole result
    /// (400 naming the fields) and refuses a change that raced another (409).
    /// </summary>
    public static RouteHandlerBuilder ProducesConfigChangeProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>
    /// Declares on every route of <paramref name="builder"/> the problems it can answer whatever its handler does: 401,
    /// 403 and 503 from the credential check on routes that need one (AdminAuthenticationMiddleware: the check reads the
    /// store), 415 on every change (a form body is refused unread), and 400 and 415 on every route that reads a body
    /// (ValidationExceptionFilter). Runs last, so it sees the body and responses each route declared itself.
    /// </summary>
    public static TBuilder WithAdminProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder route)
            {
                return;
            }

            var pattern = route.RoutePattern.RawText ?? "";
            if (!AdminAuthenticationMiddleware.NeedsCredentials(new PathString(pattern.StartsWith('/') ? pattern : "/" + pattern)))
            {
                return;
            }

            Add(endpoint, StatusCodes.Status401Unauthorized, typeof(ProblemDetails));
            Add(endpoint, StatusCodes.Status403Forbidden, typeof(ProblemDetails));
            Add(endpoint, StatusCodes.Status503ServiceUnavailable, typeof(ProblemDetails));
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            if (methods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m)))
            {
                Add(endpoint, StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails));
            }

            if (endpoint.Metadata.OfType<RequestBodyMetadata>().Any())
            {
                Add(endpoint, StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
            }
        });
        return builder;
    }

    private static void Add(EndpointBuilder endpoint, int status, Type type)
    {
        if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, type, [ProblemContentType]));
        }
    }
}
