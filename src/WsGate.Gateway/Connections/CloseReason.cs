using System.Text;

namespace WsGate.Connections;

public static class CloseReason
{
    /// <summary>
    /// RFC 6455 section 5.5: a control frame's payload is at most 125 bytes, two of which carry the code, so a reason is
    /// cut to 123 bytes of UTF-8 without splitting a character.
    /// </summary>
    public static string? Truncate(string? reason)
    {
        if (reason is null || Encoding.UTF8.GetByteCount(reason) <= 123)
        {
            return reason;
        }

        var length = reason.Length;
        while (length > 0 && (Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > 123 || char.IsHighSurrogate(reason[length - 1])))
        {
            length--;
        }

        return reason[..length];
    }
}
