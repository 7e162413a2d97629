namespace WsGate.Identity;

/// <summary>
/// What the failure counters said before a credential was checked: how long the attempt is locked out for (null when
/// it may go ahead), and whether the credential has failures a success should clear.
/// </summary>
public readonly record struct AuthStanding(TimeSpan? LockedFor, bool CredentialHasFailures)
{
    public static AuthStanding Clean => default;
}
