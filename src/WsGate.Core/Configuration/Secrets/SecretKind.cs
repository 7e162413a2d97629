namespace WsGate.Configuration.Secrets;

/// <summary>Which part of a configuration value is secret.</summary>
public enum SecretKind
{
    /// <summary>The whole string (a password, a shared secret).</summary>
    Value,

    /// <summary>Each value of a string dictionary (headers such as <c>Authorization</c>); the names stay readable.</summary>
    DictionaryValues,

    /// <summary>
    /// Credentials inside an address: the password of <c>scheme://user:password@host</c> and of a RoboTask URL-auth path
    /// <c>/auth/user/password/...</c>; the rest of the address stays readable.
    /// </summary>
    Url,
}
