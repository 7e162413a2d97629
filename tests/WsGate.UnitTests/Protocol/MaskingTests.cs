using WsGate.Protocol;

namespace WsGate.UnitTests.Protocol;

public sealed class MaskingTests
{
    private static byte[] Reference(byte[] data, byte[] key, int offset)
    {
        var result = new byte[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            result[i] = (byte)(data[i] ^ key[(i + offset) % 4]);
        }

        return result;
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(7, 3)]
    [InlineData(31, 1)]
    [InlineData(64, 2)]
    [InlineData(1000, 3)]
    public void Apply_AnyLengthAndOffset_SameAsBytewiseXor(int length, int offset)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var key = Frames.Key;

        var masked = (byte[])data.Clone();
        Masking.Apply(masked, BitConverter.ToUInt32(key), offset);

        Assert.Equal(Reference(data, key, offset), masked);
    }

    [Fact]
    public void Apply_InRunsAtTheirOffsets_SameAsWhole()
    {
        var data = new byte[257];
        new Random(7).NextBytes(data);
        var key = BitConverter.ToUInt32(Frames.Key);
        var whole = (byte[])data.Clone();
        Masking.Apply(whole, key, 0);

        var runs = (byte[])data.Clone();
        foreach (var (start, length) in new[] { (0, 3), (3, 10), (13, 100), (113, 144) })
        {
            Masking.Apply(runs.AsSpan(start, length), key, start);
        }

        Assert.Equal(whole, runs);
    }

    [Fact]
    public void Apply_Twice_Restores()
    {
        var data = "a payload to mask and unmask"u8.ToArray();
        var copy = (byte[])data.Clone();

        Masking.Apply(copy, 0xDEADBEEF, 5);
        Masking.Apply(copy, 0xDEADBEEF, 5);

        Assert.Equal(data, copy);
    }
}
