using System.Text.RegularExpressions;
using WsGate.Configuration.Identity;

namespace WsGate.Configuration.Validation;

public static partial class AuthenticationValidator
{
    private const string ModeNames = "anonymous, basic, url, apiKey, oauth2, jwt or forward";
    private const int MaxCacheSeconds = 86_400;
    private const int MaxCacheSize = 1_000_000;

    public static void Validate(AuthenticationConfig authentication, GatewayConfig references, ErrorSink errors)
    {
        if (authentication.Modes.Count == 0)
        {
            errors.Add("modes", "at least one mode is required: " + ModeNames);
        }

        for (var i = 0; i < authentication.Modes.Count; i++)
        {
            if (!Enum.IsDefined(authentication.Modes[i]))
            {
                errors.Add($"modes[{i}]", "must be " + ModeNames);
            }
        }

        if (authentication.Modes.Distinct().Count() != authentication.Modes.Count)
        {
            errors.Add("modes", "lists a mode twice");
        }

        if (!HttpNames.IsHeaderName(authentication.ApiKeyHeader))
        {
            errors.Add("apiKeyHeader", "must be an HTTP header name");
        }

        if (string.IsNullOrWhiteSpace(authentication.ApiKeyQuery) || authentication.ApiKeyQuery.IndexOfAny(['&', '=', '#', '?', ' ']) >= 0)
        {
            errors.Add("apiKeyQuery", "must be a query parameter name");
        }

        if (authentication.Allows(AuthMode.Jwt))
        {
            if (string.IsNullOrEmpty(authentication.JwtIssuer))
            {
                errors.Add("jwtIssuer", "the jwt mode needs the name of a configured issuer (identity.jwtIssuers)");
            }
            else if (references.Identity.FindIssuer(authentication.JwtIssuer) is null)
            {
                errors.Add("jwtIssuer", $"no JWT issuer named '{authentication.JwtIssuer}'");
            }
        }

        if (authentication.Allows(AuthMode.Anonymous) && authentication.Groups.Count > 0)
        {
            errors.Add("groups", "a group restriction cannot admit anonymous clients; remove anonymous from modes");
        }

        for (var i = 0; i < authentication.Groups.Count; i++)
        {
            if (!Identifiers.IsValidAlias(authentication.Groups[i]))
            {
                errors.Add($"groups[{i}]", Identifiers.AliasRule);
            }
        }

        ValidateAccounts(authentication, errors);
        if (authentication.Allows(AuthMode.Forward) && authentication.Forward is null)
        {
            errors.Add("forward", "the forward mode needs forward.url, the web application's endpoint that checks a session");
        }

        if (authentication.Forward is { } forward)
        {
            ValidateForward(forward, errors.At("forward"));
        }
    }

    private static void ValidateAccounts(AuthenticationConfig authentication, ErrorSink errors)
    {
        if (!Enum.IsDefined(authentication.Accounts))
        {
            errors.Add("accounts", "must be wsGate, system or both");
        }

        if (!PamServicePattern().IsMatch(authentication.PamService ?? ""))
        {
            errors.Add("pamService", "must be the name of a file in /etc/pam.d: 1-64 letters, digits, '_', '.' or '-', not starting with '.'");
        }

        if (authentication.Accounts is AccountSource.WsGate)
        {
            return;
        }

        if (!authentication.Allows(AuthMode.Basic) && !authentication.Allows(AuthMode.Url))
        {
            errors.Add("accounts", "operating-system accounts sign in with the basic or url mode; enable one of them");
        }

        if (!OperatingSystem.IsLinux())
        {
            errors.Add("accounts", "operating-system accounts are checked through PAM, which WsGate supports on Linux only");
        }
    }

    private static void ValidateForward(ForwardAuthConfig forward, ErrorSink errors)
    {
        if (!HttpNames.IsHttpUrl(forward.Url, out var url))
        {
            errors.Add("url", "must be an absolute http or https URL");
        }
        else if (url.UserInfo.Length > 0)
        {
            errors.Add("url", "must not carry credentials; the endpoint is asked with the client's cookies and headers");
        }

        for (var i = 0; i < forward.Headers.Count; i++)
        {
            var name = forward.Headers[i];
            if (!HttpNames.IsHeaderName(name))
            {
                errors.Add($"headers[{i}]", "must be an HTTP header name");
            }
            else if (HttpNames.IsHandshakeOwned(name) || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"headers[{i}]", $"'{name}' cannot be forwarded (Cookie is always sent; handshake and hop-by-hop headers never are)");
            }
        }

        if (forward.Headers.Distinct(StringComparer.OrdinalIgnoreCase).Count() != forward.Headers.Count)
        {
            errors.Add("headers", "lists a header twice");
        }

        if (!HttpNames.IsHeaderName(forward.UserHeader))
        {
            errors.Add("userHeader", "must be an HTTP header name");
        }

        if (!HttpNames.IsHeaderName(forward.GroupsHeader))
        {
            errors.Add("groupsHeader", "must be an HTTP header name");
        }

        if (forward.CacheSeconds is < 0 or > MaxCacheSeconds)
        {
            errors.Add("cacheSeconds", $"must be 0 (not cached) to {MaxCacheSeconds}");
        }

        if (forward.CacheSize is < 1 or > MaxCacheSize)
        {
            errors.Add("cacheSize", $"must be 1 to {MaxCacheSize}");
        }

        if (forward.TimeoutMs is < 100 or > 60_000)
        {
            errors.Add("timeoutMs", "must be 100 to 60000 ms");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex PamServicePattern();
}
