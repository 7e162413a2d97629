using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WsGate.Admin.OpenApi;
using WsGate.Admin.Problems;
using WsGate.Configuration;
using WsGate.Management;
using WsGate.Tls;

namespace WsGate.Admin.Api;

/// <summary>Named server certificates (PEM or PKCS#12) that wss listeners refer to, with their expiry.</summary>
public static class CertificatesApi
{
    public static void Map(IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/api/v1/certificates").WithTags("Certificates");
        group.MapGet("/", (ConfigManager config) => config.Current.Certificates.Select(c => View(c, config.Current)))
            .WithSummary("List certificates with their subject, expiry and the listeners that use them");

        group.MapGet("/{name}", (string name, ConfigManager config) =>
            config.Current.FindCertificate(name) is { } c ? Results.Ok(View(c, config.Current)) : AdminProblems.NotFound($"no certificate '{name}'"))
            .WithSummary("Get a certificate")
            .Produces<CertificateView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/{name}", async (string name, HttpRequest request, ConfigManager config) =>
        {
            var certificate = await RequestBody.ReadAsync<CertificateConfig>(request);
            if (certificate.Name.Length == 0)
            {
                certificate = certificate with { Name = name };
            }
            else if (!string.Equals(certificate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return AdminProblems.BadField("name", "must match the name in the URL");
            }

            var existed = config.Current.FindCertificate(name) is not null;
            await config.ChangeAsync(c => c.WithCertificate(certificate), focusCertificate: certificate.Name, cancellationToken: request.HttpContext.RequestAborted);
            var view = View(certificate, config.Current);
            return existed ? Results.Ok(view) : Results.Created($"/api/v1/certificates/{certificate.Name}", view);
        })
            .WithSummary("Add a certificate (201) or replace it (200); listeners that use it reload it")
            .ReadsJson<CertificateConfig>()
            .Produces<CertificateView>()
            .Produces<CertificateView>(StatusCodes.Status201Created)
            .ProducesConfigChangeProblems();

        group.MapDelete("/{name}", async (string name, ConfigManager config, CancellationToken cancellationToken) =>
        {
            if (config.Current.FindCertificate(name) is null)
            {
                return AdminProblems.NotFound($"no certificate '{name}'");
            }

            var users = UsedBy(name, config.Current);
            if (users.Count > 0)
            {
                return AdminProblems.Conflict($"certificate '{name}' is used by listener(s) {string.Join(", ", users)}");
            }

            await config.ChangeAsync(c => c.WithoutCertificate(name), cancellationToken: cancellationToken);
            return Results.NoContent();
        })
            .WithSummary("Delete a certificate that no listener uses")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConfigChangeProblems();
    }

    internal static CertificateView View(CertificateConfig certificate, GatewayConfig config)
    {
        try
        {
            // A keystore lists its keys' aliases; with several, what is shown is read from the first (each listener picks its own).
            var aliases = string.IsNullOrEmpty(certificate.Pkcs12File) ? null : CertificateLoader.KeyAliases(certificate);
            using var loaded = CertificateLoader.Load(certificate, aliases is { Count: > 1 } ? aliases[0] : null);
            return new CertificateView(
                certificate.Name,
                certificate.CertificateFile,
                certificate.KeyFile,
                certificate.Pkcs12File,
                loaded.Subject,
                loaded.Issuer,
                new DateTimeOffset(loaded.NotBefore.ToUniversalTime(), TimeSpan.Zero),
                new DateTimeOffset(loaded.NotAfter.ToUniversalTime(), TimeSpan.Zero),
                loaded.Thumbprint,
                null,
                UsedBy(certificate.Name, config),
                certificate.Default,
                aliases);
        }
        catch (CertificateLoadException ex)
        {
            return new CertificateView(certificate.Name, certificate.CertificateFile, certificate.KeyFile, certificate.Pkcs12File, null, null, null, null, null, ex.Message, UsedBy(certificate.Name, config), certificate.Default);
        }
    }

    private static List<string> UsedBy(string name, GatewayConfig config) =>
        config.Listeners.Where(l => string.Equals(config.CertificateFor(l)?.Name, name, StringComparison.OrdinalIgnoreCase)).Select(l => l.Id).ToList();
}
