using WsGate.Configuration.Rules;

namespace WsGate.Rules;

/// <summary>
/// Compares rule sources as <see cref="RuleIndex.Key"/> does (ids and endpoint paths ignoring case, paths without a
/// trailing slash, channel names exactly) without building the key, so the hot path's lookup allocates nothing.
/// </summary>
internal sealed class RuleSourceComparer : IEqualityComparer<(TriggerType Trigger, RuleSource Source, string Id)>
{
    public static readonly RuleSourceComparer Instance = new();

    public bool Equals((TriggerType Trigger, RuleSource Source, string Id) x, (TriggerType Trigger, RuleSource Source, string Id) y) =>
        x.Trigger == y.Trigger && x.Source == y.Source && Trimmed(x.Source, x.Id).Equals(Trimmed(y.Source, y.Id), Comparison(x.Source));

    public int GetHashCode((TriggerType Trigger, RuleSource Source, string Id) obj) =>
        HashCode.Combine(obj.Trigger, obj.Source, string.GetHashCode(Trimmed(obj.Source, obj.Id), Comparison(obj.Source)));

    private static StringComparison Comparison(RuleSource source) =>
        source == RuleSource.Channel ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    private static ReadOnlySpan<char> Trimmed(RuleSource source, string id) =>
        source == RuleSource.Endpoint && id.Length > 1 ? id.AsSpan().TrimEnd('/') : id.AsSpan();
}
