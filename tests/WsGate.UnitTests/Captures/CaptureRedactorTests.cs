using System.Text;
using WsGate.Captures;
using WsGate.Configuration.Captures;

namespace WsGate.UnitTests.Captures;

public sealed class CaptureRedactorTests
{
    private const string Secret = "4111111111111111";

    private static CaptureRedactor Redactor(params string[] paths) => new(new CaptureRedaction { JsonPaths = paths, Headers = ["Authorization"] });

    [Fact]
    public void Message_JsonPathsConfigured_ValuesReplacedAndRestKept()
    {
        var (payload, bytes, withheld) = Redactor("$.card.number", "$.items[1].pin").Message(true, Encoding.UTF8.GetBytes(
            """{"card":{"number":"SECRET"},"items":[{"pin":1},{"pin":{"deep":"SECRET"}}],"note":"ok"}""".Replace("SECRET", Secret, StringComparison.Ordinal)));

        Assert.Null(withheld);
        Assert.Equal("""{"card":{"number":"[redacted]"},"items":[{"pin":1},{"pin":"[redacted]"}],"note":"ok"}""", payload);
        Assert.Equal(Encoding.UTF8.GetByteCount(payload!), bytes);
    }

    [Theory]
    [InlineData("card 4111111111111111")]
    [InlineData("{\"card\":{\"number\":\"4111111111111111\"}} trailing")]
    [InlineData("{\"card\":{\"number\":\"x\"},\"card\":{\"number\":\"4111111111111111\"}}")]
    [InlineData("{\"card\":{\"number\":\"4111111111111111\"} // comment\n}")]
    public void Message_NotJsonOrAmbiguousWithPaths_WithheldWhole(string text)
    {
        var (payload, bytes, withheld) = Redactor("$.card.number").Message(true, Encoding.UTF8.GetBytes(text));

        Assert.Null(payload);
        Assert.Equal(0, bytes);
        Assert.StartsWith("not JSON", withheld, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_NoPaths_TextStoredAsIs()
    {
        var (payload, bytes, _) = Redactor().Message(true, "plain text"u8);

        Assert.Equal("plain text", payload);
        Assert.Equal(10, bytes);
    }

    [Fact]
    public void Message_Binary_Base64AndCountedUnencoded()
    {
        var (payload, bytes, withheld) = Redactor("$.a").Message(false, [1, 2, 3]);

        Assert.Equal("AQID", payload);
        Assert.Equal(3, bytes);
        Assert.Null(withheld);
    }

    [Fact]
    public void Message_PathsConfiguredButNoneFound_StoredByteForByte()
    {
        const string text = "{ \"name\": \"café <b>\",\n  \"n\": 1.50 }";

        var (payload, bytes, withheld) = Redactor("$.card.number").Message(true, Encoding.UTF8.GetBytes(text));

        Assert.Null(withheld);
        Assert.Equal(text, payload);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), bytes);
    }

    [Fact]
    public void Message_PathReplaced_OtherCharactersNotEscaped()
    {
        var (payload, _, _) = Redactor("$.card").Message(true, Encoding.UTF8.GetBytes("{\"card\":\"x\",\"note\":\"café <b> & 'q'\"}"));

        Assert.Equal("{\"card\":\"[redacted]\",\"note\":\"café <b> & 'q'\"}", payload);
    }

    [Fact]
    public void Headers_NoneListed_CredentialsApiKeyAndAccessTokenProtocolRedacted()
    {
        var shown = new CaptureRedactor(new CaptureRedaction()).Headers(
            [
                KeyValuePair.Create("Authorization", "Bearer secret-1"),
                KeyValuePair.Create("cookie", "sid=secret-2"),
                KeyValuePair.Create("Proxy-Authorization", "Basic secret-3"),
                KeyValuePair.Create("X-Key", "secret-4"),
                KeyValuePair.Create("Sec-WebSocket-Protocol", "chat, access_token, secret-5"),
                KeyValuePair.Create("X-Tenant", "t1"),
            ],
            apiKeyHeader: "x-key");

        Assert.Equal(
            """{"Authorization":"[redacted]","cookie":"[redacted]","Proxy-Authorization":"[redacted]","X-Key":"[redacted]","Sec-WebSocket-Protocol":"chat, access_token, [redacted]","X-Tenant":"t1"}""",
            shown);
    }

    [Fact]
    public void Headers_SubprotocolsWithoutAccessToken_KeptAsSent()
    {
        var shown = new CaptureRedactor(new CaptureRedaction()).Headers([KeyValuePair.Create("Sec-WebSocket-Protocol", "chat,v2")]);

        Assert.Equal("""{"Sec-WebSocket-Protocol":"chat,v2"}""", shown);
    }

    [Fact]
    public void Headers_ListedNameInOtherCase_Redacted()
    {
        var shown = Redactor().Headers([KeyValuePair.Create("authorization", "Bearer " + Secret), KeyValuePair.Create("X-Tenant", "t1")]);

        Assert.Equal("""{"authorization":"[redacted]","X-Tenant":"t1"}""", shown);
    }
}
