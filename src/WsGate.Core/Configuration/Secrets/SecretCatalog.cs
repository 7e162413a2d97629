using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace WsGate.Configuration.Secrets;

/// <summary>
/// Every place in <see cref="GatewayConfig"/> that holds a secret, found from the <see cref="SecretAttribute"/> marks by
/// walking the configuration's types once. Masked writes are restored, masked imports refused and the tests that
/// guard against unmarked secrets all read this one list.
/// </summary>
public static class SecretCatalog
{
    private static readonly Lazy<IReadOnlyList<SecretSite>> All = new(() => Find(typeof(GatewayConfig)));

    public static IReadOnlyList<SecretSite> Sites => All.Value;

    /// <summary>The configuration record types reachable from <paramref name="root"/>, for the tests that check every property.</summary>
    public static IReadOnlyList<Type> RecordTypes(Type root)
    {
        var seen = new List<Type>();
        Collect(root, seen);
        return seen;
    }

    private static IReadOnlyList<SecretSite> Find(Type root)
    {
        var sites = new List<SecretSite>();
        Walk(root, [], [], sites, []);
        return sites;
    }

    private static void Walk(Type type, List<string> segments, List<string?> keys, List<SecretSite> sites, HashSet<Type> path)
    {
        if (!path.Add(type))
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (property.GetCustomAttribute<SecretAttribute>() is { } secret)
            {
                sites.Add(new SecretSite([.. segments, name], [.. keys], secret.Kind));
                continue;
            }

            if (ElementType(property.PropertyType) is { } element && IsConfig(element))
            {
                Walk(element, [.. segments, name, "[]"], [.. keys, KeyOf(element)], sites, path);
            }
            else if (IsConfig(property.PropertyType))
            {
                Walk(property.PropertyType, [.. segments, name], keys, sites, path);
            }
        }

        path.Remove(type);
    }

    private static void Collect(Type type, List<Type> seen)
    {
        if (seen.Contains(type))
        {
            return;
        }

        seen.Add(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var target = ElementType(property.PropertyType) ?? Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsConfig(target))
            {
                Collect(target, seen);
            }
        }
    }

    /// <summary>The property that names a list element (<c>id</c> or <c>name</c>), so edits that reorder a list still match.</summary>
    private static string? KeyOf(Type element) =>
        element.GetProperty("Id") is not null ? "id" : element.GetProperty("Name") is not null ? "name" : null;

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) || !type.IsGenericType)
        {
            return null;
        }

        var arguments = type.GetGenericArguments();
        return arguments.Length == 1 ? arguments[0] : null;
    }

    private static bool IsConfig(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("WsGate.Configuration", StringComparison.Ordinal) == true;
}
