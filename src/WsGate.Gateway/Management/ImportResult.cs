namespace WsGate.Management;

/// <summary>What an import changed, or would change on a dry run.</summary>
public sealed record ImportResult(
    bool DryRun,
    IReadOnlyList<string> ListenersAdded,
    IReadOnlyList<string> ListenersUpdated,
    IReadOnlyList<string> ListenersRemoved,
    IReadOnlyList<string> ListenersSkipped,
    IReadOnlyList<string> CertificatesAdded,
    IReadOnlyList<string> CertificatesUpdated,
    IReadOnlyList<string> ApisAdded,
    IReadOnlyList<string> ApisUpdated);
