using WsGate.Configuration.Rules;

namespace WsGate.UnitTests.Configuration.Rules;

public sealed class MessageTemplateTests
{
    [Fact]
    public void Render_FieldsAndLiterals_ReplacedInPlace()
    {
        var template = MessageTemplate.Parse("from {{ sourceId }}: {{message}} ({{$.id}})");

        var text = template.Render(f => f switch { "sourceId" => "feed", "message" => "hi", "$.id" => "7", _ => null });

        Assert.Equal("from feed: hi (7)", text);
    }

    [Theory]
    [InlineData("http.query.who")]
    [InlineData("http.header.X-Id")]
    [InlineData("$.order.items[0].id")]
    [InlineData("messageJson")]
    public void TryParse_KnownFieldForms_Accepted(string field) =>
        Assert.True(MessageTemplate.TryParse("{{" + field + "}}", out _, out _));

    [Theory]
    [InlineData("{{unknown}}")]
    [InlineData("{{http.query.}}")]
    [InlineData("{{$}}")]
    public void TryParse_UnknownField_RefusedNamingIt(string text)
    {
        Assert.False(MessageTemplate.TryParse(text, out _, out var error));
        Assert.Contains("unknown template field", error);
    }

    [Fact]
    public void IsMessageOnly_OnlyForBareMessage()
    {
        Assert.True(MessageTemplate.Parse("{{message}}").IsMessageOnly);
        Assert.False(MessageTemplate.Parse("x{{message}}").IsMessageOnly);
    }
}
