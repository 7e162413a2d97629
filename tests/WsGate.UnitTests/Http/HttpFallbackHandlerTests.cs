using WsGate.Http;

namespace WsGate.UnitTests.Http;

public sealed class HttpFallbackHandlerTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _root;
    private readonly string _outside;

    public HttpFallbackHandlerTests()
    {
        _root = Path.Combine(_temp.Path, "www");
        _outside = Path.Combine(_temp.Path, "secret");
        Directory.CreateDirectory(Path.Combine(_root, "docs"));
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_root, "index.html"), "home");
        File.WriteAllText(Path.Combine(_root, "app.js"), "js");
        File.WriteAllText(Path.Combine(_root, "docs", "index.html"), "docs");
        File.WriteAllText(Path.Combine(_outside, "passwd"), "secret");
        File.WriteAllText(Path.Combine(_outside, "index.html"), "secret index");
    }

    public void Dispose() => _temp.Dispose();

    private string? Resolve(string path) => HttpFallbackHandler.Resolve(_root, path, "index.html");

    private string InRoot(params string[] parts) => Path.Combine([_root, .. parts]);

    [Fact]
    public void Resolve_File_IsThatFile()
    {
        Assert.Equal(InRoot("app.js"), Resolve("/app.js"));
    }

    [Fact]
    public void Resolve_MissingFile_IsItsPathInsideTheFolder()
    {
        // The caller answers 404 for a path that resolves inside the folder but does not exist.
        Assert.Equal(InRoot("nope.txt"), Resolve("/nope.txt"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("")]
    public void Resolve_Root_IsTheDefaultDocument(string path)
    {
        Assert.Equal(InRoot("index.html"), Resolve(path));
    }

    [Theory]
    [InlineData("/docs")]
    [InlineData("/docs/")]
    public void Resolve_SubFolder_IsItsDefaultDocument(string path)
    {
        Assert.Equal(InRoot("docs", "index.html"), Resolve(path));
    }

    [Fact]
    public void Resolve_OtherDefaultDocument_IsUsed()
    {
        Assert.Equal(InRoot("docs", "home.htm"), HttpFallbackHandler.Resolve(_root, "/docs/", "home.htm"));
    }

    [Fact]
    public void Resolve_RootGivenWithTrailingSeparator_StillResolves()
    {
        Assert.Equal(InRoot("app.js"), HttpFallbackHandler.Resolve(_root + Path.DirectorySeparatorChar, "/app.js", "index.html"));
    }

    [Theory]
    [InlineData("/../secret/passwd")]
    [InlineData("/docs/../../secret/passwd")]
    [InlineData("/..")]
    [InlineData("/../")]
    [InlineData("/docs/../..")]
    public void Resolve_DotDotLeavingTheFolder_IsNull(string path)
    {
        Assert.Null(Resolve(path));
    }

    [Fact]
    public void Resolve_DotDotIntoASiblingWithTheSamePrefix_IsNull()
    {
        Directory.CreateDirectory(_root + "2");
        File.WriteAllText(Path.Combine(_root + "2", "x.txt"), "sibling");

        Assert.Null(Resolve("/../www2/x.txt"));
    }

    [Fact]
    public void Resolve_DotDotStayingInside_IsTheFileInside()
    {
        Assert.Equal(InRoot("app.js"), Resolve("/docs/../app.js"));
    }

    [Theory]
    [InlineData("/%2e%2e/secret/passwd", "%2e%2e")]
    [InlineData("/..%2fsecret%2fpasswd", "..%2fsecret%2fpasswd")]
    [InlineData("/%2E%2E%5Csecret", "%2E%2E%5Csecret")]
    public void Resolve_EncodedLookingNames_AreLiteralNamesInsideTheFolder(string path, string firstSegment)
    {
        // Kestrel decodes the path before the handler sees it; what is left is taken literally.
        var resolved = Resolve(path);

        Assert.NotNull(resolved);
        Assert.StartsWith(InRoot(firstSegment), resolved, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/..\\secret\\passwd")]
    [InlineData("/docs\\index.html")]
    [InlineData("\\")]
    public void Resolve_Backslash_IsNull(string path)
    {
        Assert.Null(Resolve(path));
    }

    [Theory]
    [InlineData("/app.js\0.png")]
    [InlineData("/\0")]
    public void Resolve_Nul_IsNull(string path)
    {
        Assert.Null(Resolve(path));
    }

    [Fact]
    public void Resolve_FileSymlinkPointingOutside_IsNull()
    {
        File.CreateSymbolicLink(InRoot("leak.txt"), Path.Combine(_outside, "passwd"));

        Assert.Null(Resolve("/leak.txt"));
    }

    [Fact]
    public void Resolve_DefaultDocumentSymlinkPointingOutside_IsNull()
    {
        Directory.CreateDirectory(InRoot("linked"));
        File.CreateSymbolicLink(InRoot("linked", "index.html"), Path.Combine(_outside, "passwd"));

        Assert.Null(Resolve("/linked/"));
    }

    [Fact]
    public void Resolve_FileThroughFolderSymlinkPointingOutside_IsNull()
    {
        Directory.CreateSymbolicLink(InRoot("escape"), _outside);

        Assert.Null(Resolve("/escape/passwd"));
    }

    [Fact]
    public void Resolve_FolderSymlinkPointingOutside_DefaultDocumentIsNull()
    {
        Directory.CreateSymbolicLink(InRoot("escape"), _outside);

        Assert.Null(Resolve("/escape/"));
    }

    [Fact]
    public void Resolve_SymlinkChainEndingOutside_IsNull()
    {
        File.CreateSymbolicLink(InRoot("hop2.txt"), Path.Combine(_outside, "passwd"));
        File.CreateSymbolicLink(InRoot("hop1.txt"), InRoot("hop2.txt"));

        Assert.Null(Resolve("/hop1.txt"));
    }

    [Fact]
    public void Resolve_SymlinkPointingInside_IsAllowed()
    {
        File.CreateSymbolicLink(InRoot("alias.js"), InRoot("app.js"));
        Directory.CreateSymbolicLink(InRoot("manual"), InRoot("docs"));

        Assert.Equal(InRoot("alias.js"), Resolve("/alias.js"));
        Assert.Equal(InRoot("manual", "index.html"), Resolve("/manual/"));
    }
}
