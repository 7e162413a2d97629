using WsGate.Storage;

namespace WsGate.Captures;

/// <summary>What the capture writer is handed: a record of a run, or (without one) a run whose state changed.</summary>
internal readonly record struct CaptureWrite(CaptureRun Run, StoredCaptureRecord? Record, long Weight);
