namespace WsGate.Admin.Api;

public enum CaptureOutcomeKind
{
    Done,
    NotFound,
    Conflict,
}
