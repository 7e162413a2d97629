using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace WsGate.Admin.Console;

/// <summary>
/// Serves the console's one CSS file and its small scripts from the assembly's embedded resources. They change only with
/// the binary, so they are cached for a day and named with the build's version to bust caches on upgrade.
/// </summary>
public static class ConsoleAssets
{
    private static readonly ConcurrentDictionary<string, byte[]?> Cache = new(StringComparer.Ordinal);

    /// <summary>The version stamp appended to asset URLs, so an upgrade is never served stale CSS or JS.</summary>
    public static string Version { get; } = typeof(ConsoleAssets).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];

    public static string Url(string name) => $"/console/assets/{name}?v={Version}";

    public static IResult Serve(string name, HttpContext context)
    {
        var content = Cache.GetOrAdd(name, Load);
        if (content is null)
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "private, max-age=86400";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
        return Results.Bytes(content, type);
    }

    private static byte[]? Load(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("WsGate.Console." + name);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
