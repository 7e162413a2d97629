using WsGate.Admin.Console.Apis;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Rules;

namespace WsGate.UnitTests.Admin.Console;

public sealed class MockFormTests
{
    [Fact]
    public void ToConfig_FirstRowRemoved_EachRowKeepsItsOwnRegexTimeout()
    {
        var existing = new MockConfig
        {
            Replies =
            [
                new MockReplyConfig { Match = new MatchConfig { Regex = "^a", RegexTimeoutMs = 50 }, Reply = "a" },
                new MockReplyConfig { Match = new MatchConfig { Regex = "^b", RegexTimeoutMs = 900 }, Reply = "b" },
            ],
        };
        var form = MockForm.From(existing);
        form.Replies.RemoveAt(0);

        var mock = form.ToConfig(existing)!;

        var reply = Assert.Single(mock.Replies);
        Assert.Equal("^b", reply.Match!.Regex);
        Assert.Equal(900, reply.Match.RegexTimeoutMs);
    }

    [Fact]
    public void ToConfig_ContainsWithSpaces_KeptAsTypedAsOnTheRuleForm()
    {
        var form = new MockForm { Replies = [new MockReplyForm { Contains = " ping", Reply = "pong" }, new MockReplyForm()] };

        var mock = form.ToConfig(null)!;

        Assert.Equal(" ping", Assert.Single(mock.Replies).Match!.Contains);
    }
}
