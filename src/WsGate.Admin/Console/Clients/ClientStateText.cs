using WsGate.Outbound;

namespace WsGate.Admin.Console.Clients;

/// <summary>How the console names a client's state: the REST API's camelCase words (<c>backingOff</c>) and a pill style.</summary>
public static class ClientStateText
{
    public static string Name(OutboundClientState state) => state switch
    {
        OutboundClientState.BackingOff => "backingOff",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static string Pill(OutboundClientState state) => state switch
    {
        OutboundClientState.Open => "ok",
        OutboundClientState.BackingOff => "bad",
        OutboundClientState.Connecting => "warn",
        _ => "",
    };
}
