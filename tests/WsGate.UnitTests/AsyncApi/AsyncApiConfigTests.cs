using WsGate.AsyncApi;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.AsyncApi;

/// <summary>The stored document (<c>apis[].asyncApi</c>): checked with the configuration, and kept as is through YAML export and import.</summary>
public sealed class AsyncApiConfigTests
{
    [Fact]
    public void Validate_StoredDocumentNoLongerReads_ErrorAtAsyncApiNamingItsJsonPath()
    {
        var api = AsyncApiImporter.Import(AsyncApiDocuments.Chat30Json, GatewayConfig.Empty, new AsyncApiImportOptions()) with { AsyncApi = "asyncapi: 3.0.0\nchannels: {}" };
        var errors = new ErrorSink();

        ApiValidator.Validate(api, GatewayConfig.Empty, errors);

        var error = Assert.Single(errors.Errors);
        Assert.Equal("asyncApi", error.Path);
        Assert.Equal("$.info: is required: an object with title and version", error.Message);
    }

    [Fact]
    public void ConfigYaml_ImportedApi_DocumentRoundTripsUnchanged()
    {
        var api = AsyncApiImporter.Import(AsyncApiDocuments.Orders26Yaml, GatewayConfig.Empty, new AsyncApiImportOptions());
        var config = GatewayConfig.Empty with { Apis = [api] };

        var again = ConfigSerializer.FromYaml(ConfigSerializer.ToYaml(config)).Apis.Single();

        Assert.Equal(AsyncApiDocuments.Orders26Yaml, again.AsyncApi);
        Assert.Equal(ConfigSerializer.ToJson(api.Routing), ConfigSerializer.ToJson(again.Routing));
        Assert.True(AsyncApiExporter.StillDescribes(again, again.AsyncApi!));
    }
}
