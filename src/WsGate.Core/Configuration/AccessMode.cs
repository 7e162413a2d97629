namespace WsGate.Configuration;

public enum AccessMode
{
    /// <summary>Every address may connect unless it is on the deny list (webMethods "Allow by Default").</summary>
    AllowByDefault,

    /// <summary>Only addresses on the allow list may connect, and the deny list still wins.</summary>
    DenyByDefault,
}
