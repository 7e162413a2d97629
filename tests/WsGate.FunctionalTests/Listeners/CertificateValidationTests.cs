using System.Net;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>A certificate whose files cannot be used is refused when it is configured, naming the field, the file and the cause.</summary>
public sealed class CertificateValidationTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsgate-badtls-").FullName;
    private readonly TestCertificates _certificates;
    private readonly TestServer _server;

    // Every change here is refused, so the tests can share one server.
    public CertificateValidationTests(ServerFixture fixture)
    {
        _certificates = TestCertificates.Create(_folder);
        _server = fixture.Server;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Put_MissingCertificateFile_Returns400NamingFile()
    {
        var missing = Path.Combine(_folder, "missing.pem");

        await AssertRefusedAsync(new { certificateFile = missing, keyFile = _certificates.KeyPemFile }, "certificateFile", missing, "file not found");
    }

    [Fact]
    public async Task Put_GarbagePemCertificate_Returns400NamingFile()
    {
        var garbage = Path.Combine(_folder, "garbage.pem");
        await File.WriteAllTextAsync(garbage, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

        await AssertRefusedAsync(new { certificateFile = garbage, keyFile = _certificates.KeyPemFile }, "certificateFile", garbage, "not a PEM certificate");
    }

    [Fact]
    public async Task Put_GarbageKeyFile_Returns400NamingFile()
    {
        var garbage = Path.Combine(_folder, "garbage.key");
        await File.WriteAllTextAsync(garbage, "this is not a key");

        await AssertRefusedAsync(new { certificateFile = _certificates.CertificatePemFile, keyFile = garbage }, "keyFile", garbage, "key");
    }

    [Fact]
    public async Task Put_KeyNotMatchingCertificate_Returns400NamingFile()
    {
        var other = TestCertificates.Create(Path.Combine(_folder, "other"));

        await AssertRefusedAsync(
            new { certificateFile = _certificates.CertificatePemFile, keyFile = other.KeyPemFile },
            "keyFile",
            other.KeyPemFile,
            "does not match");
    }

    [Fact]
    public async Task Put_WrongPkcs12Password_Returns400NamingFile()
    {
        await AssertRefusedAsync(
            new { pkcs12File = _certificates.Pkcs12File, password = "wrong-password" },
            "pkcs12File",
            _certificates.Pkcs12File,
            "password");
    }

    private async Task AssertRefusedAsync(object body, string field, string file, string cause)
    {
        var server = _server;
        using var response = await server.PutJsonAsync("/api/v1/certificates/bad", body);

        var message = Assert.Single(Messages(await ReadValidationProblemAsync(response), field));
        Assert.Contains(file, message, StringComparison.Ordinal);
        Assert.Contains(cause, message, StringComparison.OrdinalIgnoreCase);
        using var get = await server.Admin.GetAsync("/api/v1/certificates/bad");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(0, (await server.GetJsonAsync("/api/v1/certificates")).GetArrayLength());
    }
}
