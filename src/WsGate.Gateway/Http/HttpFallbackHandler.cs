using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using WsGate.Configuration;

namespace WsGate.Http;

/// <summary>
/// Answers plain HTTP requests on a WebSocket listener (RoboTask's "HTTP Server" settings): an empty response, a
/// configured HTML page, or files from a folder. A path that resolves outside the folder is refused.
/// </summary>
public sealed class HttpFallbackHandler
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public async Task HandleAsync(HttpContext context, HttpFallbackConfig config)
    {
        switch (config.Mode)
        {
            case HttpFallbackMode.Html:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "text/html; charset=utf-8";
                var html = Encoding.UTF8.GetBytes(config.Html ?? "");
                context.Response.ContentLength = html.Length;
                if (!HttpMethods.IsHead(context.Request.Method))
                {
                    await context.Response.Body.WriteAsync(html, context.RequestAborted);
                }

                return;
            case HttpFallbackMode.Folder:
                await ServeFileAsync(context, config);
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentLength = 0;
                return;
        }
    }

    /// <summary>Maps a request path to a file inside <paramref name="root"/>, or null when it would leave the folder.</summary>
    public static string? Resolve(string root, string requestPath, string defaultDocument)
    {
        var rootFull = Path.GetFullPath(root);
        var rootPrefix = rootFull.EndsWith(Path.DirectorySeparatorChar) ? rootFull : rootFull + Path.DirectorySeparatorChar;
        var relative = requestPath.TrimStart('/');
        if (relative.Contains('\0', StringComparison.Ordinal) || relative.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        var candidate = Path.GetFullPath(Path.Join(rootFull, relative));
        if (!string.Equals(candidate, rootFull, StringComparison.Ordinal) && !candidate.StartsWith(rootPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        if (Directory.Exists(candidate))
        {
            candidate = Path.Join(candidate, defaultDocument);
        }

        // A link inside the folder must not lead outside it. Every component is checked, not only the file: a link to a
        // directory outside (site/linkdir -> /etc) would otherwise serve site/linkdir/passwd.
        var current = rootFull;
        foreach (var segment in Path.GetRelativePath(rootFull, candidate).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            current = Path.Join(current, segment);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (!info.Exists)
            {
                break;
            }

            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                if (target is null || (!string.Equals(target, rootFull, StringComparison.Ordinal) && !target.StartsWith(rootPrefix, StringComparison.Ordinal)))
                {
                    return null;
                }
            }
        }

        return candidate;
    }

    private static async Task ServeFileAsync(HttpContext context, HttpFallbackConfig config)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return;
        }

        var file = Resolve(config.Folder!, context.Request.Path.Value ?? "/", config.DefaultDocument);
        if (file is null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentLength = 0;
            return;
        }

        if (!File.Exists(file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentLength = 0;
            return;
        }

        context.Response.ContentType = ContentTypes.TryGetContentType(file, out var type) ? type : "application/octet-stream";
        var length = new FileInfo(file).Length;
        context.Response.ContentLength = length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.SendFileAsync(file, 0, length, context.RequestAborted);
        }
    }
}
