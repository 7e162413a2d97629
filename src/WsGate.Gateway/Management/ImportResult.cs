namespace WsGate.Management;

/// <summary>
/// What an import changed, or would change on a dry run: the listeners, certificates and APIs by id, and every
/// changed field in <see cref="Changes"/> (what <c>wsgate config diff</c> prints). Updated lists hold only items that differ.
/// </summary>
public sealed record ImportResult(
    bool DryRun,
    IReadOnlyList<string> ListenersAdded,
    IReadOnlyList<string> ListenersUpdated,
    IReadOnlyList<string> ListenersRemoved,
    IReadOnlyList<string> ListenersSkipped,
    IReadOnlyList<string> CertificatesAdded,
    IReadOnlyList<string> CertificatesUpdated,
    IReadOnlyList<string> ApisAdded,
    IReadOnlyList<string> ApisUpdated,
    IReadOnlyList<ConfigChange> Changes);
