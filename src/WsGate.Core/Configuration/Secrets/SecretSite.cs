namespace WsGate.Configuration.Secrets;

/// <summary>
/// Where a secret sits in the configuration's JSON form: the property names from the root (<c>[]</c> for "each element
/// of this list", matched between two configurations by the element's <see cref="ElementKeys"/> entry, or by position
/// when it has none) and what kind of secret it is.
/// </summary>
public sealed record SecretSite(IReadOnlyList<string> Segments, IReadOnlyList<string?> ElementKeys, SecretKind Kind)
{
    /// <summary>The site as the config paths in errors read: <c>identity.jwtIssuers[].hmacSecret</c>.</summary>
    public override string ToString() => string.Join('.', Segments).Replace(".[]", "[]", StringComparison.Ordinal);
}
