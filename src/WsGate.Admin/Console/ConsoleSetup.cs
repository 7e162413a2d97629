using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scalar.AspNetCore;
using WsGate.Admin.OpenApi;
using WsGate.Identity;

namespace WsGate.Admin.Console;

/// <summary>
/// Composes the web console (<c>/console</c>, for admins, publishers and operators) and the developer portal
/// (<c>/portal</c>, for subscribers) on the admin listener: Razor Pages from this assembly, a cookie session signed in
/// through the same password check as the REST API, antiforgery on every form, and embedded static assets.
/// </summary>
public static class ConsoleSetup
{
    public const string StaffPolicy = "console-staff";

    /// <summary>The interactive reference of the admin API, for signed-in staff.</summary>
    public const string ApiReferencePath = "/console/api-reference";

    public static IServiceCollection AddWsGateConsole(this IServiceCollection services)
    {
        // The data-protection keys come from the store. The loader must start before every other hosted service: the
        // framework's own (registered by Razor Pages, antiforgery and data protection alike) reads the keys at start.
        services.AddSingleton<StoreKeyRepository>();
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, ConsoleKeysLoader>());

        // The host's application name is not an assembly, so the pages' assembly is named as the only application part.
        var parts = new ApplicationPartManager();
        var assembly = typeof(ConsoleSetup).Assembly;
        foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
        {
            parts.ApplicationParts.Add(part);
        }

        services.AddSingleton(parts);
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/";
            o.Conventions.AuthorizeFolder("/Console", StaffPolicy);
            o.Conventions.AuthorizeFolder("/Portal");
            o.Conventions.AllowAnonymousToPage("/Console/Login");
            o.Conventions.AllowAnonymousToPage("/Console/Denied");
            o.Conventions.AllowAnonymousToPage("/Console/Logout");
            o.Conventions.ConfigureFilter(new ConsoleAuthorizationFilter());
        });
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);

        // Keys live in the store: sessions survive a restart and work on every node of a cluster. Nothing is written to
        // the home folder (the framework's default on Linux).
        services.AddDataProtection().SetApplicationName("WsGate");
        services.AddOptions<KeyManagementOptions>().Configure<StoreKeyRepository>((o, keys) =>
        {
            o.XmlRepository = keys;
            o.XmlEncryptor = new NullXmlEncryptor();
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "wsgate_antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__wsgate_af";
        });
        services.AddAuthentication(ConsoleSession.Scheme).AddCookie(ConsoleSession.Scheme, o =>
        {
            o.Cookie.Name = "wsgate_console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/console/login";
            o.AccessDeniedPath = "/console/denied";
            o.ExpireTimeSpan = ConsoleSession.IdleTimeout;
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ConsoleSession.ValidateAsync;
        });
        services.AddAuthorizationBuilder().AddPolicy(StaffPolicy, p => p.RequireRole(Roles.Admin, Roles.Publisher, Roles.Operator));
        services.AddSingleton<MessageRateSampler>();
        services.AddHostedService(s => s.GetRequiredService<MessageRateSampler>());
        return services;
    }

    /// <summary>Reads the console session; runs before the REST API's Basic authentication, which leaves console paths alone.</summary>
    public static WebApplication UseWsGateConsole(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(ConsoleSession.AttachAsync);
        return app;
    }

    public static WebApplication MapWsGateConsole(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/console/assets/{name}", (string name, HttpContext context) => ConsoleAssets.Serve(name, context)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/", (HttpContext context) =>
            Results.Redirect(ConsoleSession.AdminPrincipal(context.User) is { } p && !p.IsAdmin && !p.Has(Roles.Publisher) && !p.Has(Roles.Operator) ? "/portal" : "/console"))
            .ExcludeFromDescription();
        app.MapGet("/console/data/rate", (MessageRateSampler sampler) => sampler.Samples)
            .RequireAuthorization(StaffPolicy).ExcludeFromDescription();
        MapApiReference(app);
        return app;
    }

    /// <summary>
    /// The API reference: Scalar rendering the admin API's OpenAPI document, both behind the console session. The
    /// document is served again under the reference's path because <c>/openapi</c> needs Basic credentials, which a
    /// signed-in browser does not send. Scalar's script comes from its package (no CDN); its web fonts, telemetry and AI
    /// agent would reach the internet, so they are off: the console works on a host without access.
    /// </summary>
    private static void MapApiReference(WebApplication app)
    {
        var documentRoute = ApiReferencePath + "/{documentName}.json";
        app.MapOpenApi(documentRoute).RequireAuthorization(StaffPolicy);
        app.MapScalarApiReference(ApiReferencePath, o =>
        {
            o.WithTitle("WsGate admin API reference")
                .WithOpenApiRoutePattern(documentRoute)
                .AddDocument(AdminOpenApi.DocumentName)
                .AddPreferredSecuritySchemes([AdminSecurityTransformer.AdminScheme])
                .AddHeaderContent("<nav class=\"wsgate-back\"><a href=\"/console\">&larr; WsGate console</a></nav>")
                .DisableDefaultFonts()
                .DisableAgent()
                .DisableMcp();
            o.Telemetry = false;
        }).RequireAuthorization(StaffPolicy);
    }
}
