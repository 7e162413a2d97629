using WsGate.Configuration.Apis;

namespace WsGate.Routing;

/// <summary>
/// API routes per listener, built once per configuration snapshot and swapped atomically. A request matches the
/// longest route that is a whole-segment prefix of its path (<c>/chat/v1</c> matches <c>/chat/v1/rooms/5</c>, not
/// <c>/chat/v10</c>); the rest of the path goes to the backend.
/// </summary>
public sealed class RouteTable
{
    private readonly Dictionary<string, ApiRoute[]> _byListener;

    public RouteTable(IEnumerable<ApiRuntime> apis)
    {
        _byListener = apis
            .Where(a => a.Config.Lifecycle != ApiLifecycle.Retired)
            .SelectMany(a => a.Config.Listeners.Distinct(StringComparer.OrdinalIgnoreCase).SelectMany(l => a.Config.Paths().Select(p => (Listener: l, Route: new ApiRoute(p, a)))))
            .GroupBy(x => x.Listener, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Route).OrderByDescending(r => r.Path.Length).ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public static RouteTable Empty { get; } = new([]);

    public RouteMatch? Match(string listenerId, string path)
    {
        if (!_byListener.TryGetValue(listenerId, out var routes))
        {
            return null;
        }

        foreach (var route in routes)
        {
            if (path.StartsWith(route.Path, StringComparison.OrdinalIgnoreCase)
                && (path.Length == route.Path.Length || path[route.Path.Length] == '/'))
            {
                return new RouteMatch(route, path[route.Path.Length..]);
            }
        }

        return null;
    }
}
