using WsGate.Configuration.Identity;

namespace WsGate.Configuration.Validation;

public static class AuthenticationValidator
{
    public static void Validate(AuthenticationConfig authentication, GatewayConfig references, ErrorSink errors)
    {
        if (authentication.Modes.Count == 0)
        {
            errors.Add("modes", "at least one mode is required: anonymous, basic, url, apiKey, oauth2 or jwt");
        }

        for (var i = 0; i < authentication.Modes.Count; i++)
        {
            if (!Enum.IsDefined(authentication.Modes[i]))
            {
                errors.Add($"modes[{i}]", "must be anonymous, basic, url, apiKey, oauth2 or jwt");
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
    }
}
