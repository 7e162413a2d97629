using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Configuration;
using WsGate.Configuration.Secrets;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Console.Config;

/// <summary>
/// The whole configuration as YAML: download it, or import a document (pasted or uploaded) with a dry run first. The
/// import is the REST API's: merged or replacing, all or nothing, with field errors naming the document's paths.
/// </summary>
public sealed class IndexModel(ConfigManager config, ConfigImport import, ConfigExport export) : ConsolePageModel
{
    public const int MaxUploadBytes = 4 * 1024 * 1024;

    public override string ApiPath => "/api/v1/config/export";

    [BindProperty]
    public string? Document { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The passphrase of an export made with its secrets (only those need one).</summary>
    [BindProperty]
    public string? Passphrase { get; set; }

    [BindProperty]
    public ImportMode Mode { get; set; }

    [BindProperty]
    public PortConflictPolicy OnPortConflict { get; set; }

    /// <summary>Import as this listener group only (nothing else is touched); empty imports the whole document.</summary>
    [BindProperty]
    public string? Group { get; set; }

    /// <summary>The listener groups there are, for the export and import choices.</summary>
    public IReadOnlyList<string> Groups => ConfigGroup.Names(config.Current);

    public ImportResult? Result { get; private set; }

    public long Revision => config.Revision;

    public IReadOnlyList<ConfigError> Errors { get; private set; } = [];

    public bool CanImport => Security.AdminAuthorization.IsAllowed(Principal, "POST", "/api/v1/config/import");

    public void OnGet()
    {
    }

    public IActionResult OnGetExport(string? group)
    {
        group = string.IsNullOrWhiteSpace(group) ? null : group;
        try
        {
            return File(Encoding.UTF8.GetBytes(export.ToYaml(group, passphrase: null)), "application/yaml", export.FileName(group));
        }
        catch (ConfigValidationException ex)
        {
            Errors = ex.Errors;
            return Page();
        }
    }

    public Task<IActionResult> OnPostDryRunAsync() => ImportAsync(dryRun: true);

    public Task<IActionResult> OnPostImportAsync() => ImportAsync(dryRun: false);

    private async Task<IActionResult> ImportAsync(bool dryRun)
    {
        if (!CanImport)
        {
            return Forbid();
        }

        if (Upload is { Length: > 0 })
        {
            if (Upload.Length > MaxUploadBytes)
            {
                ModelState.AddModelError(nameof(Upload), $"is larger than {MaxUploadBytes} bytes");
                return Page();
            }

            using var reader = new StreamReader(Upload.OpenReadStream());
            Document = await reader.ReadToEndAsync(HttpContext.RequestAborted);
        }

        if (string.IsNullOrWhiteSpace(Document))
        {
            ModelState.AddModelError(nameof(Document), "Paste a YAML or JSON document, or choose a file.");
            return Page();
        }

        try
        {
            Result = await import.RunAsync(Document, Passphrase, Mode, OnPortConflict, dryRun, string.IsNullOrWhiteSpace(Group) ? null : Group.Trim(), HttpContext.RequestAborted);
            if (!dryRun)
            {
                ViewData["Flash"] = $"Imported: the configuration is now revision {config.Revision}.";
            }
        }
        catch (ConfigValidationException ex)
        {
            Errors = ex.Errors;
        }
        catch (ConcurrentChangeException ex)
        {
            ModelState.AddModelError("", ex.Message);
        }

        return Page();
    }
}
