namespace WsGate.Listeners;

public enum ListenerState
{
    /// <summary>Bound and accepting connections.</summary>
    Enabled,

    /// <summary>Configured but not bound, by the operator's choice.</summary>
    Disabled,

    /// <summary>Meant to be enabled but could not bind or start; <see cref="ListenerRuntime.FailureReason"/> says why.</summary>
    Failed,
}
