namespace WsGate.Protocol;

/// <summary>What <see cref="FrameReader.Read"/> found next in the bytes it was given.</summary>
public enum FrameItemKind
{
    /// <summary>The bytes end inside a header (or inside a control frame, which is read whole); nothing was consumed.</summary>
    NeedMore,

    /// <summary>A data frame's header (text, binary or continuation); its payload follows as <see cref="Payload"/> items.</summary>
    Header,

    /// <summary>A run of the current data frame's payload.</summary>
    Payload,

    /// <summary>A whole control frame (close, ping or pong): header and payload together.</summary>
    Control,

    /// <summary>Something no endpoint may send; the connection must be failed with <see cref="FrameItem.Violation"/>.</summary>
    Violation,
}
