namespace WsGate.Configuration.Identity;

/// <summary>Where the user names and passwords of the Basic and URL modes are checked (RoboTask's "user rights").</summary>
public enum AccountSource
{
    /// <summary>WsGate's own users (the default).</summary>
    WsGate,

    /// <summary>The operating system's accounts through PAM, with the system's groups (RoboTask's "system user accounts"). Linux only.</summary>
    System,

    /// <summary>WsGate's users first; a name WsGate does not know is checked against the operating system.</summary>
    Both,
}
