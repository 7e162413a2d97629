using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Console;
using WsGate.Identity;

namespace WsGate.Admin.Portal;

/// <summary>
/// The OAuth2 authorization endpoint (<c>/oauth2/authorize</c>, RFC 6749 section 4.1.1): the application's owner signs
/// in with the portal's own sign-in, sees which application asks, and allows or denies. An unknown client or a redirect
/// URI that is not registered exactly is shown here and never redirected to; every other answer, the code included,
/// goes back to the redirect URI with <c>state</c> passed through. The request's parameters travel in the query on the
/// GET and in hidden fields on the POST, and are checked again on the POST.
/// </summary>
public sealed class AuthorizeModel(AuthorizationCodeGrant grant) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/applications";

    [BindProperty(SupportsGet = true, Name = "response_type")]
    public string? ResponseType { get; set; }

    [BindProperty(SupportsGet = true, Name = "client_id")]
    public string? ClientId { get; set; }

    [BindProperty(SupportsGet = true, Name = "redirect_uri")]
    public string? RedirectUri { get; set; }

    [BindProperty(SupportsGet = true, Name = "code_challenge")]
    public string? CodeChallenge { get; set; }

    [BindProperty(SupportsGet = true, Name = "code_challenge_method")]
    public string? CodeChallengeMethod { get; set; }

    [BindProperty(SupportsGet = true, Name = "state")]
    public string? State { get; set; }

    public AuthorizeDecision? Decision { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        // The consent page must not be framed by another site, which could trick a click on Allow.
        Response.Headers.XFrameOptions = "DENY";
        Response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'";
        Decision = await grant.CheckAsync(Parameters(), Principal.Username, HttpContext.RequestAborted);
        return Decision.RedirectError is { } error ? RedirectWithError(error) : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? decision)
    {
        Decision = await grant.CheckAsync(Parameters(), Principal.Username, HttpContext.RequestAborted);
        if (Decision.UserError is not null)
        {
            return Page();
        }

        if (Decision.RedirectError is { } error)
        {
            return RedirectWithError(error);
        }

        if (decision != "allow")
        {
            return RedirectWithError(new OAuthError("access_denied", "the owner denied the request"));
        }

        var code = await grant.IssueCodeAsync(Decision, Parameters(), HttpContext.RequestAborted);
        return Redirect(AuthorizationCodeGrant.Redirect(RedirectUri!, State, ("code", code)));
    }

    private AuthorizeRequest Parameters() => new(ResponseType, ClientId, RedirectUri, CodeChallenge, CodeChallengeMethod, State);

    private RedirectResult RedirectWithError(OAuthError error) =>
        Redirect(AuthorizationCodeGrant.Redirect(RedirectUri!, State, ("error", error.Error), ("error_description", error.ErrorDescription)));
}
