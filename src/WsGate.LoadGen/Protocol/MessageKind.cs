namespace WsGate.LoadGen.Protocol;

public enum MessageKind
{
    Data,
    Close,
}
