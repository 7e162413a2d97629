using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Configuration;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Console.Certificates;

/// <summary>Named server certificates with what was read from them (subject, expiry, errors); add, replace and delete.</summary>
public sealed class IndexModel(ConfigManager config) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/certificates";

    public IReadOnlyList<CertificateView> Certificates { get; private set; } = [];

    [BindProperty]
    public CertificateConfig Form { get; set; } = new();

    public void OnGet(string? edit)
    {
        Load();
        if (edit is not null && config.Current.FindCertificate(edit) is { } existing)
        {
            Form = existing with { Password = null };
        }
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        var certificate = Form with
        {
            Name = Form.Name?.Trim() ?? "",
            CertificateFile = ListenerBlank(Form.CertificateFile),
            KeyFile = ListenerBlank(Form.KeyFile),
            Pkcs12File = ListenerBlank(Form.Pkcs12File),
            Password = string.IsNullOrEmpty(Form.Password) ? config.Current.FindCertificate(Form.Name ?? "")?.Password : Form.Password,
        };
        try
        {
            await config.ChangeAsync(c => c.WithCertificate(certificate), focusCertificate: certificate.Name, cancellationToken: HttpContext.RequestAborted);
            return Done($"Certificate {certificate.Name} saved; listeners using it were reloaded.");
        }
        catch (ConfigValidationException ex)
        {
            FormErrors.Add(ModelState, ex, nameof(Form), ["Name", "CertificateFile", "KeyFile", "Pkcs12File", "Password", "Default"]);
        }
        catch (ConcurrentChangeException ex)
        {
            ModelState.AddModelError("", ex.Message);
        }

        Load();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name)
    {
        var users = config.Current.Listeners.Where(l => string.Equals(config.Current.CertificateFor(l)?.Name, name, StringComparison.OrdinalIgnoreCase)).Select(l => l.Id).ToList();
        if (users.Count > 0)
        {
            FlashError = $"Certificate {name} is used by listener(s) {string.Join(", ", users)}; change them first.";
            return RedirectToPage();
        }

        await config.ChangeAsync(c => c.WithoutCertificate(name), cancellationToken: HttpContext.RequestAborted);
        return Done($"Certificate {name} deleted.");
    }

    private void Load() => Certificates = config.Current.Certificates.Select(c => CertificatesApi.View(c, config.Current)).ToList();

    private static string? ListenerBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
