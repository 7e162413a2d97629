namespace WsGate.Configuration.Rules;

public enum ActionType
{
    /// <summary>Send the body on an outbound client's connection.</summary>
    Send,

    /// <summary>Publish the body to a channel (as JSON when it parses, else as a string).</summary>
    Publish,

    /// <summary>Send the body back on the connection the event came from.</summary>
    Reply,

    /// <summary>Call an HTTP webhook with the body; a timeout and retries with backoff.</summary>
    Webhook,

    /// <summary>Answer an HTTP request trigger with a status, headers and the body.</summary>
    Respond,

    /// <summary>Close the connection the event came from (or <see cref="ActionConfig.Client"/>'s).</summary>
    Close,

    /// <summary>Write the body to the log.</summary>
    Log,
}
