using System.Net;
using System.Text.RegularExpressions;

namespace WsGate.Configuration.Validation;

/// <summary>Checks one listener on its own; <see cref="ConfigValidator"/> adds the checks across listeners.</summary>
public static partial class ListenerValidator
{
    public static void Validate(ListenerConfig listener, GatewayConfig config, ErrorSink errors)
    {
        if (!Identifiers.IsValidId(listener.Id))
        {
            errors.Add("id", string.IsNullOrEmpty(listener.Id) ? Identifiers.IdRequired : Identifiers.IdRule);
        }

        if (listener.Alias is not null && !Identifiers.IsValidAlias(listener.Alias))
        {
            errors.Add("alias", Identifiers.AliasRule);
        }

        if (listener.Group is not null && !Identifiers.IsValidAlias(listener.Group))
        {
            errors.Add("group", Identifiers.AliasRule);
        }

        if (listener.Description is { Length: > 1024 })
        {
            errors.Add("description", "must be at most 1024 characters");
        }

        if (!Enum.IsDefined(listener.Protocol))
        {
            errors.Add("protocol", "must be ws or wss");
        }

        ValidateBindings(listener.Bindings, errors);

        if (listener.Backlog is < 1 or > ListenerConfig.MaxBacklog)
        {
            errors.Add("backlog", $"must be from 1 to {ListenerConfig.MaxBacklog}");
        }

        if (listener.IdleTimeoutMs < 0)
        {
            errors.Add("idleTimeoutMs", "must be 0 (off) or a positive number of milliseconds");
        }

        if (listener.KeepAliveIntervalMs < 0)
        {
            errors.Add("keepAliveIntervalMs", "must be 0 (off) or a positive number of milliseconds");
        }

        if (listener.PongTimeoutMs < 0)
        {
            errors.Add("pongTimeoutMs", "must be 0 (do not wait) or a positive number of milliseconds");
        }

        if (listener.MaxConnections < 0)
        {
            errors.Add("maxConnections", "must be 0 (unlimited) or a positive number");
        }

        if (listener.MaxMessageSize < 1)
        {
            errors.Add("maxMessageSize", "must be a positive number of bytes");
        }

        if (!string.IsNullOrEmpty(listener.Certificate) && config.FindCertificate(listener.Certificate) is null)
        {
            errors.Add("certificate", $"no certificate named '{listener.Certificate}'");
        }
        else if (listener.Protocol == ListenerProtocol.Wss && config.CertificateFor(listener) is null)
        {
            errors.Add("certificate", "a wss listener needs a certificate name, or a certificate marked default");
        }
        else if (listener.Protocol == ListenerProtocol.Wss || !string.IsNullOrEmpty(listener.KeyAlias))
        {
            ValidateKeyAlias(listener, config.CertificateFor(listener), errors);
        }

        if (listener.MaxConnectionDurationMs < 0)
        {
            errors.Add("maxConnectionDurationMs", "must be 0 (unlimited) or a positive number of milliseconds");
        }

        if (listener.PublicUrl is not null && !PublicUrl.TryParse(listener.PublicUrl, out _, out var publicUrlError))
        {
            errors.Add("publicUrl", publicUrlError);
        }

        ValidateRequests(listener, errors);
        ValidateWorkers(listener.Workers, errors.At("workers"));
        ValidateAccess(listener.Access, errors.At("access"));
        ValidateProxies(listener.Proxies, errors.At("proxies"));
        ValidateFallback(listener.HttpFallback, errors.At("httpFallback"));
        ValidateEndpoints(listener.Endpoints, errors.At("endpoints"));
        AuthenticationValidator.Validate(listener.Authentication, config, errors.At("authentication"));
    }

    /// <summary>The key the listener would serve can be chosen: named by an alias the keystore has, or the store's only key.</summary>
    private static void ValidateKeyAlias(ListenerConfig listener, CertificateConfig? certificate, ErrorSink errors)
    {
        if (certificate is null)
        {
            errors.Add("keyAlias", "names a key, but the listener has no certificate");
            return;
        }

        // A certificate that cannot load at all is reported under certificates[]; only the choice of key belongs here.
        try
        {
            using var loaded = Tls.CertificateLoader.Load(certificate, listener.KeyAlias);
        }
        catch (Tls.CertificateLoadException ex) when (ex.Field == "keyAlias")
        {
            errors.Add("keyAlias", ex.Cause);
        }
        catch (Tls.CertificateLoadException)
        {
        }
    }

    private static void ValidateBindings(IReadOnlyList<string> bindings, ErrorSink errors)
    {
        if (bindings.Count == 0)
        {
            errors.Add("bindings", "at least one IP:port binding is required");
            return;
        }

        var seen = new List<BindAddress>();
        for (var i = 0; i < bindings.Count; i++)
        {
            if (!BindAddress.TryParse(bindings[i], out var binding, out var error))
            {
                errors.Add($"bindings[{i}]", error);
                continue;
            }

            if (seen.Any(s => s.Overlaps(binding)))
            {
                errors.Add($"bindings[{i}]", $"{bindings[i]} overlaps another binding of this listener");
            }

            seen.Add(binding);
        }
    }

    /// <summary>
    /// The front side's switches: known methods and versions only, and lists that still let through what the listener
    /// serves (a WebSocket handshake is an HTTP/1.1 GET; an oauth2 endpoint takes POST; the portal GET and POST).
    /// </summary>
    private static void ValidateRequests(ListenerConfig listener, ErrorSink errors)
    {
        var methods = listener.AllowedMethods;
        for (var i = 0; i < methods.Count; i++)
        {
            if (!ListenerRequests.KnownMethods.Contains(methods[i], StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"allowedMethods[{i}]", $"'{methods[i]}' is not an HTTP method; use {string.Join(", ", ListenerRequests.KnownMethods)}");
            }
        }

        var versions = listener.AllowedHttpVersions;
        for (var i = 0; i < versions.Count; i++)
        {
            if (!ListenerRequests.KnownVersions.Contains(versions[i]))
            {
                errors.Add($"allowedHttpVersions[{i}]", $"'{versions[i]}' is not an HTTP version a listener knows; use {string.Join(", ", ListenerRequests.KnownVersions)}");
            }
        }

        if (listener.AllowWebSocketUpgrade && methods.Count > 0 && !ListenerRequests.Allows(methods, "GET"))
        {
            errors.Add("allowedMethods", "a WebSocket handshake is a GET request: allow GET, or switch allowWebSocketUpgrade off");
        }

        if (listener.Http2 && listener.Protocol != ListenerProtocol.Wss)
        {
            errors.Add("http2", "HTTP/2 is chosen by ALPN in the TLS handshake: only a wss listener can offer it");
        }

        if (listener.Http2 && versions.Count > 0 && !ListenerRequests.Allows(versions, "2"))
        {
            errors.Add("http2", "allowedHttpVersions leaves out 2: add it, or switch http2 off");
        }

        if (listener.AllowWebSocketUpgrade && versions.Count > 0 && !ListenerRequests.Allows(versions, "1.1"))
        {
            errors.Add("allowedHttpVersions", "a WebSocket handshake on a listener is an HTTP/1.1 request: allow 1.1, or switch allowWebSocketUpgrade off");
        }

        if (methods.Count == 0)
        {
            return;
        }

        foreach (var endpoint in listener.Endpoints)
        {
            string[] needed = endpoint.Kind switch
            {
                EndpointKind.OAuth2 => ["POST"],
                EndpointKind.Portal => ["GET", "POST"],
                _ => [],
            };
            var missing = needed.Where(m => !ListenerRequests.Allows(methods, m)).ToList();
            if (missing.Count > 0)
            {
                errors.Add("allowedMethods", $"the {endpoint.Kind.ToString().ToLowerInvariant()} endpoint at {endpoint.Path} needs {string.Join(" and ", missing)}");
            }
        }
    }

    private static void ValidateWorkers(WorkersConfig workers, ErrorSink errors)
    {
        if (workers.MaxConcurrent < 0)
        {
            errors.Add("maxConcurrent", "must be 0 (unlimited) or a positive number of work items");
        }

        if (workers.QueueLimit is < 0 or > WorkersConfig.MaxQueueLimit)
        {
            errors.Add("queueLimit", $"must be from 0 (refuse at once) to {WorkersConfig.MaxQueueLimit}");
        }

        if (workers.Priority is < WorkersConfig.MinPriority or > WorkersConfig.MaxPriority)
        {
            errors.Add("priority", $"must be from {WorkersConfig.MinPriority} to {WorkersConfig.MaxPriority} (larger first)");
        }
    }

    private static void ValidateAccess(AccessConfig access, ErrorSink errors)
    {
        if (!Enum.IsDefined(access.Mode))
        {
            errors.Add("mode", "must be allowByDefault or denyByDefault");
        }

        ValidateRanges(access.Allow, errors, "allow");
        ValidateRanges(access.Deny, errors, "deny");
    }

    private static void ValidateProxies(ProxiesConfig proxies, ErrorSink errors)
    {
        ValidateRanges(proxies.Trusted, errors, "trusted");
        if (proxies.ProxyProtocol && proxies.Trusted.Count == 0)
        {
            errors.Add("trusted", "the PROXY protocol needs the addresses of the proxies that send it; anyone else could claim any client address");
        }
    }

    private static void ValidateRanges(IReadOnlyList<string> ranges, ErrorSink errors, string field)
    {
        for (var i = 0; i < ranges.Count; i++)
        {
            var text = ranges[i];
            if (!IPAddress.TryParse(text, out _) && !IPNetwork.TryParse(text, out _))
            {
                errors.Add($"{field}[{i}]", $"'{text}' is not an IP address or CIDR range (10.0.0.0/8, ::1/128)");
            }
        }
    }

    private static void ValidateFallback(HttpFallbackConfig fallback, ErrorSink errors)
    {
        switch (fallback.Mode)
        {
            case HttpFallbackMode.Empty:
                break;
            case HttpFallbackMode.Html:
                if (string.IsNullOrEmpty(fallback.Html))
                {
                    errors.Add("html", "html mode needs the page to serve");
                }

                break;
            case HttpFallbackMode.Folder:
                if (string.IsNullOrEmpty(fallback.Folder))
                {
                    errors.Add("folder", "folder mode needs a content folder");
                }
                else if (!Directory.Exists(fallback.Folder))
                {
                    errors.Add("folder", $"folder '{fallback.Folder}' does not exist");
                }

                if (string.IsNullOrEmpty(fallback.DefaultDocument)
                    || fallback.DefaultDocument.IndexOfAny(['/', '\\']) >= 0
                    || fallback.DefaultDocument is "." or "..")
                {
                    errors.Add("defaultDocument", "must be a file name inside the folder, such as index.html");
                }

                break;
            default:
                errors.Add("mode", "must be empty, html or folder");
                break;
        }
    }

    private static void ValidateEndpoints(IReadOnlyList<EndpointConfig> endpoints, ErrorSink errors)
    {
        var paths = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i];
            var at = errors.At($"[{i}]");
            if (!IsValidPath(endpoint.Path))
            {
                at.Add("path", "must begin with '/' and use only letters, digits and - _ . ~ / segments");
            }
            else if (!paths.Add(endpoint.Path.TrimEnd('/')))
            {
                at.Add("path", $"'{endpoint.Path}' is used by another endpoint of this listener");
            }

            if (!Enum.IsDefined(endpoint.Kind))
            {
                at.Add("kind", "must be echo, channel, oauth2 or portal");
            }

            if (endpoint.MaxConnectionDurationMs is { } duration)
            {
                if (duration < 0)
                {
                    at.Add("maxConnectionDurationMs", "must be 0 (unlimited) or a positive number of milliseconds; leave it out to use the listener's");
                }
                else if (endpoint.Kind is EndpointKind.OAuth2 or EndpointKind.Portal)
                {
                    at.Add("maxConnectionDurationMs", $"applies to WebSocket endpoints (echo, channel), not to {endpoint.Kind.ToString().ToLowerInvariant()}");
                }
            }
        }
    }

    public static bool IsValidPath(string? path) =>
        path is { Length: > 0 and <= 512 } && PathPattern().IsMatch(path) && !path.Contains("//", StringComparison.Ordinal)
        && !path.Split('/').Any(s => s is "." or "..");

    [GeneratedRegex("^/[A-Za-z0-9._~/-]*$")]
    private static partial Regex PathPattern();
}
