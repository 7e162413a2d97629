using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using WsGate.Admin.Security;

namespace WsGate.Admin.OpenApi;

/// <summary>
/// Declares how the admin API authenticates: HTTP Basic with an admin API user on every route that
/// <see cref="AdminAuthenticationMiddleware.NeedsCredentials"/> guards, and on the OAuth2 endpoints HTTP Basic with an
/// application's consumer key and secret, or the same in form fields. No admin route takes a Bearer token: the tokens
/// the OAuth2 endpoint issues are for the WebSocket APIs on the listeners.
/// </summary>
internal sealed class AdminSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string AdminScheme = "adminBasic";

    public const string ClientScheme = "clientBasic";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[AdminScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "An admin API user with a role (admin, operator, publisher or subscriber), checked like every password: "
                + "repeated failures lock the user or address out for a while (401 with Retry-After).",
        };
        document.Components.SecuritySchemes[ClientScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "An application's consumer key and secret (RFC 6749 section 2.3.1); the form fields client_id and client_secret work too.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = new PathString("/" + (context.Description.RelativePath ?? "").TrimStart('/'));
        if (AdminAuthenticationMiddleware.NeedsCredentials(path))
        {
            operation.Security = [Requirement(AdminScheme, context.Document)];
        }
        else if (path.StartsWithSegments("/oauth2"))
        {
            // Basic, or nothing in the header when the client sends its key and secret as form fields.
            operation.Security = [Requirement(ClientScheme, context.Document), new OpenApiSecurityRequirement()];
        }

        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
