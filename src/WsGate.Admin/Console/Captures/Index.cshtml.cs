using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Captures;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Console.Captures;

/// <summary>
/// Message captures: start one on an API, a route or a connection; follow, stop, download (JSON lines, as the admin API
/// gives them, for <c>wsgate replay</c>) and delete them. Starting, stopping and deleting go through
/// <see cref="CaptureControl"/>, as the admin API does.
/// </summary>
public sealed class IndexModel(ICaptureStore store, CaptureHub hub, CaptureControl control, LiveConfig live) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/captures";

    public IReadOnlyList<CaptureView> Captures { get; private set; } = [];

    [BindProperty]
    public CaptureForm Form { get; set; } = new();

    /// <summary>The APIs a capture can watch (frames mode), with their route keys for the route field.</summary>
    public IReadOnlyList<ApiConfig> FramesApis => live.Current.Apis.Where(a => a.RelayMode == RelayMode.Frames).ToList();

    public async Task OnGetAsync(string? api, string? connection)
    {
        Form.Api = api;
        Form.ConnectionId = connection;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var outcome = await control.StartAsync(Form.ToRequest(), Principal.Username, HttpContext.RequestAborted);
            if (outcome.Capture is { } capture)
            {
                return Done($"Capture {capture.Id} started on API {Form.Api}.");
            }

            ModelState.AddModelError("", outcome.Reason!);
        }
        catch (ConfigValidationException ex)
        {
            FormErrors.Add(ModelState, ex, nameof(Form), CaptureForm.FieldNames, CaptureForm.Rename);
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostStopAsync(string id) =>
        Outcome(await control.StopAsync(id, HttpContext.RequestAborted), $"Capture {id} stopped; what it stored stays.");

    public async Task<IActionResult> OnPostDeleteAsync(string id) =>
        Outcome(await control.DeleteAsync(id, HttpContext.RequestAborted), $"Capture {id} deleted with its records.");

    /// <summary>The records as JSON lines, the admin API's download.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string id)
    {
        if (await store.FindAsync(id, HttpContext.RequestAborted) is null)
        {
            return NotFound();
        }

        Response.ContentType = CapturesApi.NdjsonContentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"{id}.ndjson\"";
        await CapturesApi.WriteLinesAsync(store, id, Response.Body, HttpContext.RequestAborted);
        return new EmptyResult();
    }

    private IActionResult Outcome(CaptureOutcome outcome, string done)
    {
        if (outcome.Kind == CaptureOutcomeKind.Done)
        {
            return Done(done);
        }

        FlashError = outcome.Reason;
        return RedirectToPage();
    }

    private async Task LoadAsync() =>
        Captures = (await store.ListAsync(HttpContext.RequestAborted)).Select(c => CapturesApi.View(c, hub)).ToList();
}
