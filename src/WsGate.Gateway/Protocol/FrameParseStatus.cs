namespace WsGate.Protocol;

/// <summary>What <see cref="FrameHeader.TryParse"/> found at the start of the bytes it was given.</summary>
public enum FrameParseStatus
{
    /// <summary>A whole header.</summary>
    Complete,

    /// <summary>The bytes end inside a header; nothing was consumed.</summary>
    NeedMore,

    /// <summary>A header no endpoint may send (a 64-bit payload length with its most significant bit set).</summary>
    Invalid,
}
