using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Admin;

/// <summary>
/// The admin API's OpenAPI document checked against the running server: read with Microsoft.OpenApi's own reader, then
/// compared with the routes the server really maps and with what it really answers.
/// </summary>
public sealed partial class OpenApiContractTests(OpenApiDocumentFixture fixture) : IClassFixture<OpenApiDocumentFixture>
{
    /// <summary>Changes that take no body, each on purpose; any other POST, PUT or PATCH must document the body it reads.</summary>
    private static readonly HashSet<string> BodylessChanges =
    [
        "POST /api/v1/listeners/{id}/enable",
        "POST /api/v1/listeners/{id}/disable",
        "POST /api/v1/listener-groups/{name}/enable",
        "POST /api/v1/listener-groups/{name}/disable",
        "POST /api/v1/apis/{id}/test",
        "POST /api/v1/config/reseal",
        "POST /api/v1/applications/{id}/keys/{environment}",
        "POST /api/v1/clients/{id}/test",
        "POST /api/v1/clients/{id}/connect",
        "POST /api/v1/clients/{id}/disconnect",
        "POST /api/v1/captures/{id}/stop",
    ];

    private readonly TestServer _server = fixture.Server;
    private readonly OpenApiDocument _document = fixture.Document;

    [Fact]
    public void Document_ReadByMicrosoftOpenApi_NoErrorsAndBasicSchemeDeclared()
    {
        Assert.Empty(fixture.ReaderErrors);
        var scheme = _document.Components!.SecuritySchemes!["adminBasic"];
        Assert.Equal(SecuritySchemeType.Http, scheme.Type);
        Assert.Equal("basic", scheme.Scheme);
    }

    [Fact]
    public void EveryMappedRoute_InEndpointDataSource_DocumentedWithItsMethod()
    {
        var routes = MappedRoutes();

        Assert.Contains("POST /api/v1/listeners", routes);
        var missing = routes.Where(r => Operation(r) is null).ToList();
        Assert.True(missing.Count == 0, "mapped but not documented: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryChange_WithBody_DocumentsRequestBodySchema()
    {
        var changes = MappedRoutes().Where(r => r.StartsWith("POST ", StringComparison.Ordinal) || r.StartsWith("PUT ", StringComparison.Ordinal) || r.StartsWith("PATCH ", StringComparison.Ordinal)).ToList();

        Assert.Contains("PATCH /api/v1/users/{username}", changes);
        foreach (var route in changes)
        {
            var body = Operation(route)!.RequestBody;
            if (BodylessChanges.Contains(route))
            {
                Assert.True(body is null, $"{route} takes no body but documents one");
                continue;
            }

            Assert.True(body?.Content is { Count: > 0 }, $"{route} reads a body but documents none");
            Assert.All(body!.Content!, c => Assert.True(c.Value.Schema is not null, $"{route} {c.Key} has no schema"));
        }
    }

    [Fact]
    public void EveryOperation_Documented_HasSummaryAndSuccessResponse()
    {
        var operations = AllOperations().ToList();

        Assert.True(operations.Count >= 60, $"only {operations.Count} operations");
        foreach (var (route, operation) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.Summary), $"{route} has no summary");
            Assert.True(operation.Responses!.Keys.Any(k => k.StartsWith('2')), $"{route} documents no 2xx response");
        }
    }

    [Fact]
    public void EveryAuthenticatedOperation_Documented_RequiresBasicWith401And403Problems()
    {
        foreach (var (route, operation) in AllOperations().Where(o => !IsAnonymous(o.Route)))
        {
            Assert.True(
                operation.Security?.Any(r => r.Keys.Any(k => k.Reference.Id == "adminBasic")) == true,
                $"{route} does not declare the adminBasic requirement");
            foreach (var status in new[] { "401", "403" })
            {
                Assert.True(operation.Responses!.TryGetValue(status, out var response), $"{route} documents no {status}");
                Assert.True(response!.Content?.ContainsKey("application/problem+json") == true, $"{route} {status} is not a problem");
            }
        }
    }

    [Fact]
    public async Task EveryOperationRequiringBasic_CalledWithoutCredentials_Answers401()
    {
        using var anonymous = new HttpClient { BaseAddress = _server.AdminAddress };
        var secured = AllOperations().Where(o => o.Operation.Security?.Any(r => r.Keys.Any(k => k.Reference.Id == "adminBasic")) == true).ToList();

        Assert.NotEmpty(secured);
        foreach (var (route, _) in secured)
        {
            var (method, path) = Split(route);
            using var request = new HttpRequestMessage(new HttpMethod(method), ParameterPlaceholder().Replace(path, "x"));
            using var response = await anonymous.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route} without credentials answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public void PostListener_Documented_201WithListenerViewAndNo200()
    {
        var responses = Operation("POST /api/v1/listeners")!.Responses!;

        Assert.Contains("201", responses.Keys);
        Assert.DoesNotContain("200", responses.Keys);
        Assert.Contains("id", responses["201"].Content!["application/json"].Schema!.Properties!["config"].Properties!.Keys);
    }

    [Fact]
    public async Task PostListener_ValidBody_AnswersTheDocumentedStatusWithDocumentedFields()
    {
        var responses = Operation("POST /api/v1/listeners")!.Responses!;
        var documented = responses.Keys.Where(k => k.StartsWith('2')).ToList();

        using var response = await _server.PostJsonAsync("/api/v1/listeners", new { id = "documented", bindings = new[] { $"127.0.0.1:{FreePort.Find()}" } });

        Assert.Equal(documented, [((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var schema = responses[documented[0]].Content!["application/json"].Schema!;
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        foreach (var field in body.EnumerateObject())
        {
            Assert.True(schema.Properties!.ContainsKey(field.Name), $"the answer has '{field.Name}', which the documented schema lacks");
        }
    }

    [Fact]
    public async Task AnalyticsOperations_DocumentedChoiceParameterGivenAnotherValue_RefusedNamingIt()
    {
        // These handlers read their query themselves: a documented name that they did not read would not be refused.
        var checkedParameters = new List<string>();
        foreach (var (route, operation) in AllOperations().Where(o => o.Route.StartsWith("GET /api/v1/analytics/", StringComparison.Ordinal)))
        {
            foreach (var parameter in (operation.Parameters ?? []).Where(p => p.In == ParameterLocation.Query && p.Schema?.Enum is { Count: > 0 }))
            {
                using var response = await _server.Admin.GetAsync($"{Split(route).Path}?{parameter.Name}=not-a-choice");

                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route}?{parameter.Name}=not-a-choice answered {(int)response.StatusCode}");
                var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
                Assert.True(errors.TryGetProperty(parameter.Name!, out _), $"{route}: the 400 for {parameter.Name} names {errors}");
                checkedParameters.Add($"{route} {parameter.Name}");
            }
        }

        Assert.Contains("GET /api/v1/analytics/top by", checkedParameters);
        Assert.Contains("GET /api/v1/analytics/failures kind", checkedParameters);
    }

    /// <summary>Health and the OAuth2 endpoints, whose clients authenticate themselves, are the only routes open to anyone.</summary>
    private static bool IsAnonymous(string route)
    {
        var path = Split(route).Path;
        return path is "/healthz" or "/readyz" || path.StartsWith("/oauth2/", StringComparison.Ordinal);
    }

    /// <summary>"METHOD /path" of every admin API route the running server maps, with its pattern as OpenAPI writes it.</summary>
    private List<string> MappedRoutes()
    {
        var endpoints = _server.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var path = ParameterConstraint().Replace(endpoint.RoutePattern.RawText ?? "", "{$1}").TrimEnd('/');
            path = path.StartsWith('/') ? path : "/" + path;
            if (!path.StartsWith("/api/v1/", StringComparison.Ordinal) && path is not ("/metrics" or "/healthz" or "/readyz") && !path.StartsWith("/oauth2/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                routes.Add($"{method} {path}");
            }
        }

        return routes;
    }

    private OpenApiOperation? Operation(string route)
    {
        var (method, path) = Split(route);
        return _document.Paths.TryGetValue(path, out var item)
            ? item.Operations?.FirstOrDefault(o => string.Equals(o.Key.ToString(), method, StringComparison.OrdinalIgnoreCase)).Value
            : null;
    }

    private IEnumerable<(string Route, OpenApiOperation Operation)> AllOperations() =>
        _document.Paths.SelectMany(p => (p.Value.Operations ?? []).Select(o => ($"{o.Key.ToString().ToUpperInvariant()} {p.Key}", o.Value)));

    private static (string Method, string Path) Split(string route)
    {
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        return (route[..space], route[(space + 1)..]);
    }

    [GeneratedRegex(@"\{\*?([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex ParameterConstraint();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex ParameterPlaceholder();
}
