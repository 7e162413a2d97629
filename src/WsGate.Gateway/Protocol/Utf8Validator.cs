using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace WsGate.Protocol;

/// <summary>
/// Checks a text message's UTF-8 as it streams through, run by run, failing as soon as a byte cannot belong to valid
/// UTF-8 (RFC 6455 section 8.1: an endpoint that receives invalid UTF-8 in a text message fails the connection with 1007).
/// A code point split across frames or reads is held (at most 3 bytes) until the rest arrives.
/// </summary>
public struct Utf8Validator
{
    private uint _pending;
    private int _pendingLength;

    /// <summary>Whether an incomplete code point is waiting for its remaining bytes.</summary>
    public readonly bool HasPending => _pendingLength > 0;

    /// <summary>Takes the next run of the message; false when it cannot be valid UTF-8, whatever follows.</summary>
    public bool Append(ReadOnlySpan<byte> data)
    {
        if (_pendingLength > 0)
        {
            // Finish the code point the previous run ended inside.
            Span<byte> joined = stackalloc byte[4];
            var held = _pendingLength;
            BitConverter.TryWriteBytes(joined, _pending);
            var taken = Math.Min(4 - held, data.Length);
            data[..taken].CopyTo(joined[held..]);
            var status = Rune.DecodeFromUtf8(joined[..(held + taken)], out _, out var consumed);
            if (status == OperationStatus.InvalidData)
            {
                return false;
            }

            if (status == OperationStatus.NeedMoreData)
            {
                // Still incomplete: the whole of data was a valid continuation of it.
                Hold(joined[..(held + taken)]);
                return true;
            }

            _pendingLength = 0;
            data = data[(consumed - held)..];
        }

        var tail = IncompleteTail(data);
        if (!Utf8.IsValid(data[..^tail]))
        {
            return false;
        }

        if (tail == 0)
        {
            return true;
        }

        // The tail must be a valid beginning of a code point (a lead byte and continuations it allows).
        var rest = data[^tail..];
        if (Rune.DecodeFromUtf8(rest, out _, out _) != OperationStatus.NeedMoreData)
        {
            return false;
        }

        Hold(rest);
        return true;
    }

    /// <summary>The message ended: valid only if no code point was left incomplete.</summary>
    public bool Complete()
    {
        var complete = _pendingLength == 0;
        Reset();
        return complete;
    }

    public void Reset()
    {
        _pending = 0;
        _pendingLength = 0;
    }

    private void Hold(ReadOnlySpan<byte> bytes)
    {
        Span<byte> copy = stackalloc byte[4];
        copy.Clear();
        bytes.CopyTo(copy);
        _pending = BitConverter.ToUInt32(copy);
        _pendingLength = bytes.Length;
    }

    /// <summary>How many bytes at the end of <paramref name="data"/> start a code point that continues past it (0 to 3).</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> data)
    {
        // Look back over at most three continuation bytes (10xxxxxx) for the lead byte of the last code point.
        for (var back = 1; back <= 4 && back <= data.Length; back++)
        {
            var b = data[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;

            // An invalid lead byte, or a code point that fits, leaves nothing held: IsValid judges it.
            return needed > back ? back : 0;
        }

        return 0;
    }
}
