using System.Text;
using WsGate.Protocol;

namespace WsGate.UnitTests.Protocol;

public sealed class Utf8ValidatorTests
{
    private static bool ValidInRuns(byte[] data, int run)
    {
        var validator = new Utf8Validator();
        for (var i = 0; i < data.Length; i += run)
        {
            if (!validator.Append(data.AsSpan(i, Math.Min(run, data.Length - i))))
            {
                return false;
            }
        }

        return validator.Complete();
    }

    [Fact]
    public void Append_ValidTextSplitAtEveryByte_Valid()
    {
        var text = Encoding.UTF8.GetBytes("Hello-µ@ßöäüàá-UTF-8!! κόσμε 𝄞 中文");
        for (var run = 1; run <= text.Length; run++)
        {
            Assert.True(ValidInRuns(text, run), $"runs of {run}");
        }
    }

    [Theory]
    [InlineData("C0 AF")]
    [InlineData("ED A0 80")]
    [InlineData("F4 90 80 80")]
    [InlineData("FE")]
    [InlineData("80")]
    [InlineData("E0 80 AF")]
    [InlineData("CE BA E1 BD B9 CF 83 CE BC CE B5 ED A0 80 65 64 69 74 65 64")]
    public void Append_InvalidSequence_InvalidWhateverTheRuns(string hex)
    {
        var data = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        for (var run = 1; run <= data.Length; run++)
        {
            Assert.False(ValidInRuns(data, run), $"runs of {run}");
        }
    }

    [Fact]
    public void Append_InvalidContinuationOfHeldPrefix_FailsAtOnce()
    {
        var validator = new Utf8Validator();

        Assert.True(validator.Append([0xED]));
        Assert.False(validator.Append([0xA0]));
    }

    [Fact]
    public void Complete_EndsInsideCodePoint_Invalid()
    {
        var validator = new Utf8Validator();

        Assert.True(validator.Append([.. "κόσμ"u8, 0xCE]));
        Assert.True(validator.HasPending);
        Assert.False(validator.Complete());
    }
}
