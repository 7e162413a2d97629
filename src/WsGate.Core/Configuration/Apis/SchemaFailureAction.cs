namespace WsGate.Configuration.Apis;

/// <summary>What happens to a text message that does not validate against its direction's schema.</summary>
public enum SchemaFailureAction
{
    /// <summary>The message is not forwarded; its sender gets a JSON error message naming the failing path.</summary>
    Drop,

    /// <summary>The connection is closed with 1007 (invalid payload data, RFC 6455 section 7.4.1).</summary>
    Close1007,

    /// <summary>The connection is closed with 1008 (policy violation).</summary>
    Close1008,
}
