using WsGate.Configuration;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

public sealed class ListenerValidatorTests
{
    private static readonly ListenerConfig Valid = new()
    {
        Id = "main",
        Bindings = ["127.0.0.1:8080"],
        Endpoints = [new EndpointConfig { Path = "/echo" }],
    };

    private static IReadOnlyList<ConfigError> Validate(ListenerConfig listener, GatewayConfig? config = null)
    {
        var errors = new ErrorSink();
        ListenerValidator.Validate(listener, config ?? new GatewayConfig { Listeners = [listener] }, errors);
        return errors.Errors;
    }

    private static void AssertOnlyError(IReadOnlyList<ConfigError> errors, string path)
    {
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Validate_MinimalListener_HasNoErrors()
    {
        Assert.Empty(Validate(Valid));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("_private")]
    [InlineData("Listener_2")]
    public void Validate_IdMatchingPattern_HasNoErrors(string id)
    {
        Assert.Empty(Validate(Valid with { Id = id }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2fast")]
    [InlineData("has-hyphen")]
    [InlineData("has.dot")]
    [InlineData("has space")]
    [InlineData("ünicode")]
    public void Validate_IdBreakingPattern_ReportsId(string id)
    {
        var errors = Validate(Valid with { Id = id });

        AssertOnlyError(errors, "id");
        Assert.Equal(id.Length == 0 ? Identifiers.IdRequired : Identifiers.IdRule, errors[0].Message);
    }

    [Fact]
    public void Validate_WorkerLimits_HasNoErrors()
    {
        Assert.Empty(Validate(Valid with { Workers = new WorkersConfig { MaxConcurrent = 4, QueueLimit = 100, Priority = 10 } }));
    }

    [Fact]
    public void Validate_QueueLimitWithLimitsOff_HasNoErrors()
    {
        // Ignored while maxConcurrent is 0 (as priority is), so `--max-concurrent 0` turns the limits off keeping the queue.
        Assert.Empty(Validate(Valid with { Workers = new WorkersConfig { MaxConcurrent = 0, QueueLimit = 10, Priority = 8 } }));
    }

    [Theory]
    [InlineData(-1, 0, 5, "workers.maxConcurrent")]
    [InlineData(4, -1, 5, "workers.queueLimit")]
    [InlineData(4, 1_000_001, 5, "workers.queueLimit")]
    [InlineData(4, 0, 0, "workers.priority")]
    [InlineData(4, 0, 11, "workers.priority")]
    public void Validate_WorkerLimitsOutOfRange_ReportsTheField(int maxConcurrent, int queueLimit, int priority, string path)
    {
        var errors = Validate(Valid with { Workers = new WorkersConfig { MaxConcurrent = maxConcurrent, QueueLimit = queueLimit, Priority = priority } });

        AssertOnlyError(errors, path);
    }

    [Fact]
    public void Validate_IdOf65Characters_ReportsId()
    {
        Assert.Empty(Validate(Valid with { Id = new string('a', 64) }));
        AssertOnlyError(Validate(Valid with { Id = new string('a', 65) }), "id");
    }

    [Theory]
    [InlineData("a")]
    [InlineData("public-api.v2_eu")]
    [InlineData("0starts-with-digit")]
    public void Validate_AliasOfAllowedCharacters_HasNoErrors(string alias)
    {
        Assert.Empty(Validate(Valid with { Alias = alias }));
    }

    [Fact]
    public void Validate_AliasOf255Characters_HasNoErrors()
    {
        Assert.Empty(Validate(Valid with { Alias = new string('x', 255) }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("colon:inside")]
    public void Validate_AliasWithBadCharacters_ReportsAlias(string alias)
    {
        var errors = Validate(Valid with { Alias = alias });

        AssertOnlyError(errors, "alias");
        Assert.Equal(Identifiers.AliasRule, errors[0].Message);
    }

    [Fact]
    public void Validate_AliasOf256Characters_ReportsAlias()
    {
        AssertOnlyError(Validate(Valid with { Alias = new string('x', 256) }), "alias");
    }

    [Fact]
    public void Validate_GroupWithBadCharacters_ReportsGroup()
    {
        AssertOnlyError(Validate(Valid with { Group = "my group" }), "group");
    }

    [Fact]
    public void Validate_DescriptionOver1024Characters_ReportsDescription()
    {
        Assert.Empty(Validate(Valid with { Description = new string('d', 1024) }));
        AssertOnlyError(Validate(Valid with { Description = new string('d', 1025) }), "description");
    }

    [Fact]
    public void Validate_UndefinedProtocol_ReportsProtocol()
    {
        AssertOnlyError(Validate(Valid with { Protocol = (ListenerProtocol)7 }), "protocol");
    }

    [Fact]
    public void Validate_NoBindings_ReportsBindings()
    {
        AssertOnlyError(Validate(Valid with { Bindings = [] }), "bindings");
    }

    [Fact]
    public void Validate_BadBinding_ReportsItsIndex()
    {
        var errors = Validate(Valid with { Bindings = ["127.0.0.1:8080", "localhost:8081"] });

        AssertOnlyError(errors, "bindings[1]");
        Assert.Contains("'localhost' is not an IP address", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BindingsOverlappingEachOther_ReportsTheSecond()
    {
        var errors = Validate(Valid with { Bindings = ["0.0.0.0:8080", "127.0.0.1:8080"] });

        AssertOnlyError(errors, "bindings[1]");
        Assert.Contains("overlaps", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoPortZeroBindings_HasNoErrors()
    {
        Assert.Empty(Validate(Valid with { Bindings = ["127.0.0.1:0", "127.0.0.1:0"] }));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(ListenerConfig.DefaultBacklog)]
    [InlineData(65535)]
    public void Validate_BacklogInRange_HasNoErrors(int backlog)
    {
        Assert.Empty(Validate(Valid with { Backlog = backlog }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Validate_BacklogOutOfRange_ReportsBacklog(int backlog)
    {
        AssertOnlyError(Validate(Valid with { Backlog = backlog }), "backlog");
    }

    [Fact]
    public void Validate_NegativeIdleTimeout_ReportsIdleTimeoutMs()
    {
        AssertOnlyError(Validate(Valid with { IdleTimeoutMs = -1 }), "idleTimeoutMs");
    }

    [Fact]
    public void Validate_NegativeKeepAliveInterval_ReportsKeepAliveIntervalMs()
    {
        AssertOnlyError(Validate(Valid with { KeepAliveIntervalMs = -1 }), "keepAliveIntervalMs");
    }

    [Fact]
    public void Validate_NegativePongTimeout_ReportsPongTimeoutMs()
    {
        AssertOnlyError(Validate(Valid with { PongTimeoutMs = -1 }), "pongTimeoutMs");
    }

    [Fact]
    public void Validate_ZeroTimeoutsAndUnlimitedConnections_HasNoErrors()
    {
        Assert.Empty(Validate(Valid with { IdleTimeoutMs = 0, KeepAliveIntervalMs = 0, PongTimeoutMs = 0, MaxConnections = 0 }));
    }

    [Fact]
    public void Validate_NegativeMaxConnections_ReportsMaxConnections()
    {
        AssertOnlyError(Validate(Valid with { MaxConnections = -5 }), "maxConnections");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_MaxMessageSizeBelowOne_ReportsMaxMessageSize(long size)
    {
        AssertOnlyError(Validate(Valid with { MaxMessageSize = size }), "maxMessageSize");
    }

    [Fact]
    public void Validate_WssWithoutCertificate_ReportsCertificate()
    {
        var errors = Validate(Valid with { Protocol = ListenerProtocol.Wss });

        AssertOnlyError(errors, "certificate");
        Assert.Contains("needs a certificate", errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ListenerProtocol.Wss)]
    [InlineData(ListenerProtocol.Ws)]
    public void Validate_UnknownCertificate_ReportsCertificateByName(ListenerProtocol protocol)
    {
        var errors = Validate(Valid with { Protocol = protocol, Certificate = "missing" });

        AssertOnlyError(errors, "certificate");
        Assert.Contains("'missing'", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WssWithKnownCertificateOfOtherCase_HasNoErrors()
    {
        var listener = Valid with { Protocol = ListenerProtocol.Wss, Certificate = "SITE" };
        var config = new GatewayConfig
        {
            Listeners = [listener],
            Certificates = [new CertificateConfig { Name = "site", Pkcs12File = "not-read-by-the-listener-check.pfx" }],
        };

        Assert.Empty(Validate(listener, config));
    }

    [Fact]
    public void Validate_AccessAddressesAndCidrs_HaveNoErrors()
    {
        var access = new AccessConfig { Allow = ["10.0.0.0/8", "::1", "192.168.1.10", "2001:db8::/32"], Deny = ["10.1.0.0/16"] };

        Assert.Empty(Validate(Valid with { Access = access }));
    }

    [Fact]
    public void Validate_BadAccessEntries_ReportEachByIndex()
    {
        var access = new AccessConfig { Allow = ["10.0.0.0/8", "10.0.0.0/33"], Deny = ["example.com"] };

        var errors = Validate(Valid with { Access = access });

        Assert.Equal(["access.allow[1]", "access.deny[0]"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Validate_UndefinedAccessMode_ReportsAccessMode()
    {
        AssertOnlyError(Validate(Valid with { Access = new AccessConfig { Mode = (AccessMode)9 } }), "access.mode");
    }

    [Fact]
    public void Validate_HtmlFallbackWithoutPage_ReportsHtml()
    {
        AssertOnlyError(Validate(Valid with { HttpFallback = new HttpFallbackConfig { Mode = HttpFallbackMode.Html } }), "httpFallback.html");
    }

    [Fact]
    public void Validate_HtmlFallbackWithPage_HasNoErrors()
    {
        Assert.Empty(Validate(Valid with { HttpFallback = new HttpFallbackConfig { Mode = HttpFallbackMode.Html, Html = "<p>hi</p>" } }));
    }

    [Fact]
    public void Validate_FolderFallbackWithoutFolder_ReportsFolder()
    {
        AssertOnlyError(Validate(Valid with { HttpFallback = new HttpFallbackConfig { Mode = HttpFallbackMode.Folder } }), "httpFallback.folder");
    }

    [Fact]
    public void Validate_FolderFallbackWithMissingFolder_ReportsFolderByName()
    {
        using var temp = new TempFolder();
        var missing = temp.File("nope");

        var errors = Validate(Valid with { HttpFallback = new HttpFallbackConfig { Mode = HttpFallbackMode.Folder, Folder = missing } });

        AssertOnlyError(errors, "httpFallback.folder");
        Assert.Contains(missing, errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FolderFallbackWithExistingFolder_HasNoErrors()
    {
        using var temp = new TempFolder();

        Assert.Empty(Validate(Valid with { HttpFallback = new HttpFallbackConfig { Mode = HttpFallbackMode.Folder, Folder = temp.Path } }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("sub/index.html")]
    [InlineData("sub\\index.html")]
    public void Validate_FolderFallbackWithBadDefaultDocument_ReportsDefaultDocument(string document)
    {
        using var temp = new TempFolder();
        var fallback = new HttpFallbackConfig { Mode = HttpFallbackMode.Folder, Folder = temp.Path, DefaultDocument = document };

        AssertOnlyError(Validate(Valid with { HttpFallback = fallback }), "httpFallback.defaultDocument");
    }

    [Fact]
    public void Validate_UndefinedFallbackMode_ReportsMode()
    {
        AssertOnlyError(Validate(Valid with { HttpFallback = new HttpFallbackConfig { Mode = (HttpFallbackMode)5 } }), "httpFallback.mode");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/echo")]
    [InlineData("/api/v1/chat-room_2.x~")]
    [InlineData("/trailing/")]
    public void Validate_GoodEndpointPath_HasNoErrors(string path)
    {
        Assert.Empty(Validate(Valid with { Endpoints = [new EndpointConfig { Path = path }] }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("echo")]
    [InlineData("/with space")]
    [InlineData("/a//b")]
    [InlineData("/a/../b")]
    [InlineData("/./a")]
    [InlineData("/query?x=1")]
    [InlineData("/percent%20")]
    [InlineData("/back\\slash")]
    public void Validate_BadEndpointPath_ReportsEndpointPath(string path)
    {
        var endpoints = new[] { new EndpointConfig { Path = "/ok" }, new EndpointConfig { Path = path } };

        AssertOnlyError(Validate(Valid with { Endpoints = endpoints }), "endpoints[1].path");
    }

    [Fact]
    public void Validate_EndpointPathOf513Characters_ReportsEndpointPath()
    {
        Assert.Empty(Validate(Valid with { Endpoints = [new EndpointConfig { Path = "/" + new string('a', 511) }] }));
        AssertOnlyError(Validate(Valid with { Endpoints = [new EndpointConfig { Path = "/" + new string('a', 512) }] }), "endpoints[0].path");
    }

    [Theory]
    [InlineData("/echo", "/echo")]
    [InlineData("/echo", "/ECHO")]
    [InlineData("/echo", "/echo/")]
    public void Validate_DuplicateEndpointPath_ReportsTheSecond(string first, string second)
    {
        var endpoints = new[] { new EndpointConfig { Path = first }, new EndpointConfig { Path = second, Kind = EndpointKind.Channel } };

        var errors = Validate(Valid with { Endpoints = endpoints });

        AssertOnlyError(errors, "endpoints[1].path");
        Assert.Contains("another endpoint", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UndefinedEndpointKind_ReportsKind()
    {
        AssertOnlyError(Validate(Valid with { Endpoints = [new EndpointConfig { Path = "/x", Kind = (EndpointKind)99 }] }), "endpoints[0].kind");
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var errors = Validate(Valid with { Id = "1", Backlog = 0, MaxConnections = -1, Bindings = [] });

        Assert.Equal(["id", "bindings", "backlog", "maxConnections"], errors.Select(e => e.Path));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("head")]
    [InlineData("PATCH")]
    public void Validate_KnownMethod_HasNoErrors(string method)
    {
        Assert.Empty(Validate(Valid with { AllowedMethods = ["GET", method] }));
    }

    [Theory]
    [InlineData("FETCH")]
    [InlineData("GET,POST")]
    [InlineData("")]
    public void Validate_UnknownMethod_ReportsItsIndex(string method)
    {
        var errors = Validate(Valid with { AllowedMethods = ["GET", method] });

        AssertOnlyError(errors, "allowedMethods[1]");
        Assert.Contains($"'{method}' is not an HTTP method", errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2")]
    public void Validate_KnownVersion_HasNoErrors(string version)
    {
        Assert.Empty(Validate(Valid with { AllowedHttpVersions = ["1.1", version] }));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("HTTP/1.1")]
    [InlineData("2.0")]
    [InlineData("0.9")]
    public void Validate_UnknownVersion_ReportsItsIndex(string version)
    {
        AssertOnlyError(Validate(Valid with { AllowedHttpVersions = ["1.1", version] }), "allowedHttpVersions[1]");
    }

    [Fact]
    public void Validate_UpgradeOnWithoutGet_ReportsAllowedMethods()
    {
        var errors = Validate(Valid with { AllowedMethods = ["POST"] });

        AssertOnlyError(errors, "allowedMethods");
        Assert.Contains("GET", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UpgradeOffWithoutGet_HasNoErrors()
    {
        Assert.Empty(Validate(Valid with { AllowWebSocketUpgrade = false, AllowedMethods = ["POST"], AllowedHttpVersions = ["1.0"] }));
    }

    [Fact]
    public void Validate_UpgradeOnWithoutHttp11_ReportsAllowedHttpVersions()
    {
        AssertOnlyError(Validate(Valid with { AllowedHttpVersions = ["1.0", "2"] }), "allowedHttpVersions");
    }

    [Fact]
    public void Validate_OAuth2EndpointWithoutPost_ReportsAllowedMethods()
    {
        var listener = Valid with
        {
            AllowedMethods = ["GET"],
            Endpoints = [.. Valid.Endpoints, new EndpointConfig { Path = "/oauth2", Kind = EndpointKind.OAuth2 }],
        };

        var errors = Validate(listener);

        AssertOnlyError(errors, "allowedMethods");
        Assert.Equal("the oauth2 endpoint at /oauth2 needs POST", errors[0].Message);
    }

    [Theory]
    [InlineData("wss://chat.example.com/ws")]
    [InlineData("ws://10.0.0.5:8080")]
    [InlineData("https://chat.example.com/")]
    [InlineData("http://[::1]:9000/a/b")]
    public void Validate_AbsolutePublicUrl_HasNoErrors(string url)
    {
        Assert.Empty(Validate(Valid with { PublicUrl = url }));
    }

    [Theory]
    [InlineData("chat.example.com/ws", "is not an absolute URL")]
    [InlineData("/ws", "is not an absolute URL")]
    [InlineData("ftp://chat.example.com/", "must be a ws, wss, http or https URL")]
    [InlineData("wss://chat.example.com/ws?x=1", "must not have a query or fragment")]
    [InlineData("wss://chat.example.com/ws#top", "must not have a query or fragment")]
    [InlineData("wss://user:pw@chat.example.com/", "must not hold user info")]
    [InlineData("wss://chat.example.com/a%20b", "path prefix")]
    public void Validate_BadPublicUrl_ReportsPublicUrl(string url, string message)
    {
        var errors = Validate(Valid with { PublicUrl = url });

        AssertOnlyError(errors, "publicUrl");
        Assert.Contains(message, errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeMaxConnectionDuration_ReportsMaxConnectionDurationMs()
    {
        AssertOnlyError(Validate(Valid with { MaxConnectionDurationMs = -1 }), "maxConnectionDurationMs");
    }

    [Fact]
    public void Validate_NegativeEndpointMaxConnectionDuration_ReportsTheEndpoint()
    {
        var listener = Valid with { Endpoints = [new EndpointConfig { Path = "/echo", MaxConnectionDurationMs = -5 }] };

        AssertOnlyError(Validate(listener), "endpoints[0].maxConnectionDurationMs");
    }

    [Fact]
    public void Validate_MaxConnectionDurationOnPortalEndpoint_ReportsTheEndpoint()
    {
        var listener = Valid with { Endpoints = [.. Valid.Endpoints, new EndpointConfig { Path = "/developers", Kind = EndpointKind.Portal, MaxConnectionDurationMs = 1000 }] };

        AssertOnlyError(Validate(listener), "endpoints[1].maxConnectionDurationMs");
    }

    [Fact]
    public void Validate_ZeroEndpointMaxConnectionDuration_HasNoErrors()
    {
        Assert.Empty(Validate(Valid with { MaxConnectionDurationMs = 60_000, Endpoints = [new EndpointConfig { Path = "/echo", MaxConnectionDurationMs = 0 }] }));
    }
}
