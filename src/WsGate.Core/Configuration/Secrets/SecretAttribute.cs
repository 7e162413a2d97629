namespace WsGate.Configuration.Secrets;

/// <summary>
/// Marks a configuration property that holds a secret. Every admin API read and the default export mask it
/// (<see cref="SecretValues.Mask"/>), the store keeps it encrypted, and the admin-only export encrypts it with a
/// passphrase. A test fails when a property that looks like a secret is not marked (or listed as not secret).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute(SecretKind kind = SecretKind.Value) : Attribute
{
    public SecretKind Kind { get; } = kind;
}
