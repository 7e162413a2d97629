using WsGate.Configuration;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Testing;
using WsGate.UnitTests.Tls;

namespace WsGate.UnitTests.Management;

[Collection(CertificateFiles.CollectionName)]
public sealed class ConfigImporterTests
{
    private readonly CertificateFiles _files;

    public ConfigImporterTests(CertificateFiles files)
    {
        _files = files;
    }

    private static ListenerConfig Listener(string id, string binding) => new() { Id = id, Bindings = [binding] };

    private static GatewayConfig Config(params ListenerConfig[] listeners) => new() { Listeners = listeners };

    private static string[] Ids(GatewayConfig config) => config.Listeners.Select(l => l.Id).ToArray();

    [Fact]
    public void Merge_NewAndChangedListeners_AddsAndUpdates()
    {
        var current = Config(Listener("a", "127.0.0.1:8080"), Listener("b", "127.0.0.1:8081"));
        var imported = Config(Listener("A", "127.0.0.1:8080") with { Backlog = 10 }, Listener("c", "127.0.0.1:8082"));

        var (merged, result) = ConfigImporter.Merge(current, imported, ImportMode.Merge, PortConflictPolicy.Reject, dryRun: false);

        Assert.Equal(["A", "b", "c"], Ids(merged));
        Assert.Equal(10, merged.FindListener("a")!.Backlog);
        Assert.Equal(["c"], result.ListenersAdded);
        Assert.Equal(["A"], result.ListenersUpdated);
        Assert.Empty(result.ListenersRemoved);
        Assert.Empty(result.ListenersSkipped);
        Assert.False(result.DryRun);
    }

    [Fact]
    public void Merge_DryRun_IsReportedInTheResult()
    {
        var (_, result) = ConfigImporter.Merge(GatewayConfig.Empty, Config(Listener("a", "127.0.0.1:8080")), ImportMode.Merge, PortConflictPolicy.Reject, dryRun: true);

        Assert.True(result.DryRun);
        Assert.Equal(["a"], result.ListenersAdded);
    }

    [Fact]
    public void Merge_PortConflictWithKeepExisting_SkipsAndReports()
    {
        var current = Config(Listener("a", "127.0.0.1:8080"));
        var imported = Config(Listener("b", "0.0.0.0:8080"), Listener("c", "127.0.0.1:8081"));

        var (merged, result) = ConfigImporter.Merge(current, imported, ImportMode.Merge, PortConflictPolicy.KeepExisting, dryRun: false);

        Assert.Equal(["a", "c"], Ids(merged));
        Assert.Same(current.Listeners[0], merged.Listeners[0]);
        var skipped = Assert.Single(result.ListenersSkipped);
        Assert.StartsWith("b:", skipped, StringComparison.Ordinal);
        Assert.Contains("'a'", skipped, StringComparison.Ordinal);
        Assert.Equal(["c"], result.ListenersAdded);
    }

    [Fact]
    public void Merge_PortConflictWithReplace_RemovesTheExistingHolder()
    {
        var current = Config(Listener("a", "127.0.0.1:8080"), Listener("keep", "127.0.0.1:9000"));
        var imported = Config(Listener("b", "127.0.0.1:8080"));

        var (merged, result) = ConfigImporter.Merge(current, imported, ImportMode.Merge, PortConflictPolicy.Replace, dryRun: false);

        Assert.Equal(["keep", "b"], Ids(merged));
        Assert.Equal(["a"], result.ListenersRemoved);
        Assert.Equal(["b"], result.ListenersAdded);
    }

    [Fact]
    public void Merge_PortConflictWithReject_ThrowsNamingTheImportedPath()
    {
        var current = Config(Listener("a", "127.0.0.1:8080"));
        var imported = Config(Listener("x", "127.0.0.1:7000"), Listener("b", "127.0.0.1:8080"));

        var ex = Assert.Throws<ConfigValidationException>(() =>
            ConfigImporter.Merge(current, imported, ImportMode.Merge, PortConflictPolicy.Reject, dryRun: false));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("listeners[1].bindings", error.Path);
        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_SameIdOnSamePort_IsAnUpdateNotAConflict()
    {
        var current = Config(Listener("a", "127.0.0.1:8080"));

        var (merged, result) = ConfigImporter.Merge(current, Config(Listener("a", "127.0.0.1:8080") with { MaxConnections = 5 }), ImportMode.Merge, PortConflictPolicy.Reject, dryRun: false);

        Assert.Equal(5, Assert.Single(merged.Listeners).MaxConnections);
        Assert.Equal(["a"], result.ListenersUpdated);
    }

    [Fact]
    public void Merge_DisabledImportOnAHeldPort_IsAddedWithoutConflict()
    {
        var current = Config(Listener("a", "127.0.0.1:8080"));
        var imported = Config(Listener("b", "127.0.0.1:8080") with { Enabled = false });

        var (merged, result) = ConfigImporter.Merge(current, imported, ImportMode.Merge, PortConflictPolicy.Reject, dryRun: false);

        Assert.Equal(["a", "b"], Ids(merged));
        Assert.Equal(["b"], result.ListenersAdded);
    }

    [Fact]
    public void Merge_ReplaceMode_RemovesListenersAbsentFromTheImport()
    {
        var current = Config(Listener("a", "127.0.0.1:8080"), Listener("b", "127.0.0.1:8081"));
        var imported = Config(Listener("a", "127.0.0.1:8080") with { Backlog = 7 }, Listener("c", "127.0.0.1:8082"));

        var (merged, result) = ConfigImporter.Merge(current, imported, ImportMode.Replace, PortConflictPolicy.Reject, dryRun: false);

        Assert.Equal(["a", "c"], Ids(merged));
        Assert.Equal(7, merged.FindListener("a")!.Backlog);
        Assert.Equal(["b"], result.ListenersRemoved);
        Assert.Equal(["c"], result.ListenersAdded);
        Assert.Equal(["a"], result.ListenersUpdated);
    }

    [Fact]
    public void Merge_ReplaceModeWithEmptyImport_RemovesEverything()
    {
        var current = Config(Listener("a", "127.0.0.1:8080"));

        var (merged, result) = ConfigImporter.Merge(current, GatewayConfig.Empty, ImportMode.Replace, PortConflictPolicy.Reject, dryRun: false);

        Assert.Empty(merged.Listeners);
        Assert.Equal(["a"], result.ListenersRemoved);
    }

    [Fact]
    public void Merge_ReplaceModeOnAPortOfARemovedListener_HasNoConflict()
    {
        var current = Config(Listener("a", "127.0.0.1:8080"));

        var (merged, _) = ConfigImporter.Merge(current, Config(Listener("b", "127.0.0.1:8080")), ImportMode.Replace, PortConflictPolicy.Reject, dryRun: false);

        Assert.Equal(["b"], Ids(merged));
    }

    [Fact]
    public void Merge_InvalidImport_IsRefusedWithDocumentPathsAndNothingMerged()
    {
        var current = Config(Listener("a", "127.0.0.1:8080"));
        var snapshot = ConfigSerializer.ToJson(current);
        var imported = Config(
            Listener("ok", "127.0.0.1:8081"),
            Listener("bad", "localhost:8082") with { Backlog = 0 },
            Listener("OK", "127.0.0.1:8083"));

        var ex = Assert.Throws<ConfigValidationException>(() =>
            ConfigImporter.Merge(current, imported, ImportMode.Merge, PortConflictPolicy.KeepExisting, dryRun: false));

        Assert.Equal(["listeners[1].bindings[0]", "listeners[1].backlog", "listeners[2].id"], ex.Errors.Select(e => e.Path));
        Assert.Equal(snapshot, ConfigSerializer.ToJson(current));
    }

    [Fact]
    public void Merge_ImportReferringToAnExistingCertificate_IsAccepted()
    {
        // The document is checked on its own paths, but the names it refers to may be the server's own.
        var certs = _files.Certificates;
        var current = new GatewayConfig { Certificates = [new CertificateConfig { Name = "site", CertificateFile = certs.CertificatePemFile, KeyFile = certs.KeyPemFile }] };
        var imported = Config(Listener("a", "127.0.0.1:8080") with { Protocol = ListenerProtocol.Wss, Certificate = "site" });

        var (merged, result) = ConfigImporter.Merge(current, imported, ImportMode.Merge, PortConflictPolicy.Reject, dryRun: false);

        Assert.Equal("site", Assert.Single(merged.Listeners).Certificate);
        Assert.Equal(["a"], result.ListenersAdded);
    }

    [Fact]
    public void Merge_ImportReferringToAnUnknownCertificate_IsRefusedWithDocumentPath()
    {
        var imported = Config(Listener("a", "127.0.0.1:8080") with { Protocol = ListenerProtocol.Wss, Certificate = "nowhere" });

        var ex = Assert.Throws<ConfigValidationException>(() =>
            ConfigImporter.Merge(GatewayConfig.Empty, imported, ImportMode.Merge, PortConflictPolicy.Reject, dryRun: false));

        Assert.Equal("listeners[0].certificate", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void Merge_Certificates_AreAddedOrUpdatedByName()
    {
        var certs = _files.Certificates;
        var pem = new CertificateConfig { Name = "site", CertificateFile = certs.CertificatePemFile, KeyFile = certs.KeyPemFile };
        var pfx = new CertificateConfig { Name = "other", Pkcs12File = certs.Pkcs12File, Password = TestCertificates.Pkcs12Password };
        var current = new GatewayConfig { Certificates = [pem] };
        var imported = new GatewayConfig { Certificates = [pfx, pem with { Name = "SITE" }] };

        var (merged, result) = ConfigImporter.Merge(current, imported, ImportMode.Merge, PortConflictPolicy.Reject, dryRun: false);

        Assert.Equal(["other", "SITE"], merged.Certificates.Select(c => c.Name));
        Assert.Equal(["other"], result.CertificatesAdded);
        Assert.Equal(["SITE"], result.CertificatesUpdated);
    }

    [Theory]
    [InlineData(true, 7)]
    [InlineData(false, 5)]
    public void Merge_IdentitySection_ReplacesServersOnlyWhenInDocument(bool inDocument, int expectedMaxFailures)
    {
        var current = GatewayConfig.Empty with { Identity = new() { Lockout = new() { MaxFailures = 5 } } };
        var imported = GatewayConfig.Empty with { Identity = new() { Lockout = new() { MaxFailures = 7 } } };

        var (merged, _) = ConfigImporter.Merge(current, imported, ImportMode.Merge, PortConflictPolicy.Reject, dryRun: false, replaceIdentity: inDocument);

        Assert.Equal(expectedMaxFailures, merged.Identity.Lockout.MaxFailures);
    }
}
