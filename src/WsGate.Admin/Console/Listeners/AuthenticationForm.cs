using WsGate.Configuration.Identity;

namespace WsGate.Admin.Console.Listeners;

/// <summary>
/// The authentication inputs a listener and an API share beside their mode checkboxes: where Basic and URL passwords are
/// checked (WsGate's users, the operating system's through PAM, or both), the groups allowed in, and the forward mode's
/// endpoint. Named after <see cref="AuthenticationConfig"/>'s properties so the validator's paths land on the inputs.
/// </summary>
public sealed class AuthenticationForm
{
    public AccountSource Accounts { get; set; }

    public string? PamService { get; set; } = AuthenticationConfig.DefaultPamService;

    /// <summary>Group names (WsGate's, the system's or the forward endpoint's), one per line; empty admits every authenticated client.</summary>
    public string? Groups { get; set; }

    public ForwardAuthForm Forward { get; set; } = new();

    /// <summary>Input names under <paramref name="prefix"/> (<c>Authentication.Forward.Url</c>), for <see cref="FormErrors"/>.</summary>
    public static IEnumerable<string> FieldsUnder(string prefix) =>
        FormErrors.Under(prefix, [nameof(Accounts), nameof(PamService), nameof(Groups)])
            .Concat(FormErrors.Under(prefix + "." + nameof(Forward), ForwardAuthForm.FieldNames));

    /// <summary>
    /// Where an <c>authentication.*</c> error belongs on the form: its own input when it has one (a forward mode without
    /// settings goes to the URL), else the mode checkboxes.
    /// </summary>
    public static string Rename(string path) => path switch
    {
        "authentication.forward" => "authentication.forward.url",
        _ when path.StartsWith("authentication.accounts", StringComparison.Ordinal)
            || path.StartsWith("authentication.pamService", StringComparison.Ordinal)
            || path.StartsWith("authentication.groups", StringComparison.Ordinal)
            || path.StartsWith("authentication.forward.", StringComparison.Ordinal) => path,
        _ => "authModes",
    };

    public static AuthenticationForm From(AuthenticationConfig? config) => config is null ? new AuthenticationForm() : new AuthenticationForm
    {
        Accounts = config.Accounts,
        PamService = config.PamService,
        Groups = string.Join('\n', config.Groups),
        Forward = ForwardAuthForm.From(config.Forward),
    };

    /// <summary>The settings with <paramref name="modes"/>; what the form does not show (API key names, the JWT issuer) is kept from <paramref name="existing"/>.</summary>
    public AuthenticationConfig ToConfig(AuthenticationConfig existing, IReadOnlyList<AuthMode> modes) => existing with
    {
        Modes = modes,
        Accounts = Accounts,
        PamService = ListenerForm.Blank(PamService) ?? AuthenticationConfig.DefaultPamService,
        Groups = ListenerForm.Lines(Groups),
        Forward = Forward.ToConfig(existing.Forward),
    };
}
