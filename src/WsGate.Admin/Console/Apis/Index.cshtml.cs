using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.AsyncApi;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Routing;
using WsGate.Storage;

namespace WsGate.Admin.Console.Apis;

/// <summary>WebSocket APIs with their lifecycle, paths, listeners and backend health; an AsyncAPI document imports one.</summary>
public sealed class IndexModel(ConfigManager config, ApiManager apis, AsyncApiImport import) : ConsolePageModel
{
    public const int MaxUploadBytes = AsyncApiReader.MaxChars;

    public override string ApiPath => "/api/v1/apis";

    public IReadOnlyList<ApiView> Apis { get; private set; } = [];

    /// <summary>An AsyncAPI document pasted in (a chosen file takes its place).</summary>
    [BindProperty]
    public string? Document { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The API to create or update; empty takes one from the document's title.</summary>
    [BindProperty]
    public string? ImportId { get; set; }

    /// <summary>Each problem of a refused document, at its JSON path (or its config path).</summary>
    public IReadOnlyList<ConfigError> Errors { get; private set; } = [];

    public void OnGet() => Load();

    public async Task<IActionResult> OnPostImportAsync()
    {
        if (Upload is { Length: > 0 })
        {
            if (Upload.Length > MaxUploadBytes)
            {
                ModelState.AddModelError(nameof(Upload), $"is larger than {MaxUploadBytes} bytes");
                Load();
                return Page();
            }

            using var reader = new StreamReader(Upload.OpenReadStream());
            Document = await reader.ReadToEndAsync(HttpContext.RequestAborted);
        }

        if (string.IsNullOrWhiteSpace(Document))
        {
            ModelState.AddModelError(nameof(Document), "Paste an AsyncAPI document (YAML or JSON), or choose a file.");
            Load();
            return Page();
        }

        try
        {
            var (api, created) = await import.RunAsync(Document, new AsyncApiImportOptions { Id = ImportId }, dryRun: false, HttpContext.RequestAborted);
            return Done($"API {api.Name} {(created ? "created" : "updated")} from its AsyncAPI document.");
        }
        catch (ConfigValidationException ex)
        {
            Errors = ex.Errors;
        }
        catch (ConcurrentChangeException ex)
        {
            ModelState.AddModelError("", ex.Message);
        }

        Load();
        return Page();
    }

    private void Load() => Apis = config.Current.Apis.Select(a => ApiView.From(a, apis.Find(a.Id))).ToList();
}
