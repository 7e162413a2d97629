namespace WsGate.Admin.Portal;

/// <summary>
/// What the try-it console remembers between sending the browser to the consent page and the code coming back: the
/// client, the redirect URI, the PKCE verifier and the state. Kept in a data-protected, HTTP-only cookie, so the verifier
/// never reaches the page's script or a URL.
/// </summary>
public sealed record TryItAuthorization(string ConsumerKey, string RedirectUri, string CodeVerifier, string State);
