using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Admin.Api;
using WsGate.Admin.Console;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Portal;
using WsGate.Admin.Problems;
using WsGate.Admin.Security;
using WsGate.Endpoints;
using WsGate.Listeners;

namespace WsGate.Admin;

/// <summary>Composes the admin REST API: authentication, problem details, OpenAPI and one route group per resource.</summary>
public static class AdminApi
{
    public static IServiceCollection AddWsGateAdmin(this IServiceCollection services, AdminOptions? options = null)
    {
        services.AddSingleton(options ?? new AdminOptions());
        services.AddProblemDetails();
        services.AddWsGateOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var converter in Configuration.ConfigSerializer.JsonOptions.Converters)
            {
                o.SerializerOptions.Converters.Add(converter);
            }

            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;

            // These options only write answers (bodies are read by ConfigSerializer, which refuses a number sent as a
            // string); strict numbers make the OpenAPI document say integer rather than integer-or-string.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;

            // Every configuration record an answer carries shows its secrets masked, whatever the route and the role.
            o.SerializerOptions.TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.WithAddedModifier(
                o.SerializerOptions.TypeInfoResolver ?? new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
                Configuration.Secrets.SecretJson.MaskingModifier);
        });
        services.AddWsGateConsole();
        services.AddSingleton<ConfigImport>();
        services.AddSingleton<AsyncApiImport>();
        services.AddSingleton<ConfigExport>();
        services.AddSingleton<CaptureControl>();
        services.AddSingleton<PublicPortalHost>();
        services.AddSingleton<FirstSignIn>();
        services.AddSingleton<IPortalHost>(s => s.GetRequiredService<PublicPortalHost>());
        return services;
    }

    public static WebApplication MapWsGateAdmin(this WebApplication app)
    {
        // The pipeline from here on (routing made explicit, so it is part of it) is also what serves the developer
        // portal on a listener's portal endpoint.
        // Behind a reverse proxy the operator's own address (audit log, admin lockouts) comes from what it forwards.
        var trusted = new IpNetworkList(app.Services.GetRequiredService<AdminOptions>().TrustedProxies);
        if (!trusted.IsEmpty)
        {
            app.Use((context, next) =>
            {
                ClientAddress.Resolve(context, trusted, forwardedHeaders: true);
                return next(context);
            });
        }

        var portal = app.Services.GetRequiredService<PublicPortalHost>();
        app.Use(next =>
        {
            portal.Attach(next);
            return next;
        });
        app.UseRouting();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWsGateConsole();
        app.UseMiddleware<StoreUnavailableMiddleware>();
        app.UseMiddleware<AdminAuthenticationMiddleware>();
        app.UseMiddleware<AuditMiddleware>();
        app.MapOpenApi("/openapi/{documentName}.json");
        HealthApi.Map(app);
        var api = app.MapGroup("").AddEndpointFilter<ValidationExceptionFilter>().WithAdminProblems();
        ListenersApi.Map(api);
        CertificatesApi.Map(api);
        ApisApi.Map(api);
        AsyncApiApi.Map(api);
        ConnectionsApi.Map(api);
        CapturesApi.Map(api);
        ChannelsApi.Map(api);
        ConfigApi.Map(api);
        UsersApi.Map(api);
        LockoutsApi.Map(api);
        ApplicationsApi.Map(api);
        AuditApi.Map(api);
        ClientsApi.Map(api);
        RulesApi.Map(api);
        BridgesApi.Map(api);
        TiersApi.Map(api);
        NodesApi.Map(api);
        AnalyticsApi.Map(api);
        MetricsApi.Map(api);
        OAuthApi.Map(app);
        app.MapWsGateConsole();
        return app;
    }
}
