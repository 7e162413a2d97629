using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Identity;
using WsGate.Configuration.Validation;
using WsGate.Health;
using WsGate.Management;
using WsGate.Routing;
using WsGate.Storage;

namespace WsGate.Admin.Console.Apis;

/// <summary>Creates or edits an API, moves it through its lifecycle, tests its backends for real, and deletes it.</summary>
public sealed class EditModel(ConfigManager config, ApiManager apis, BackendProbe probe) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/apis";

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public ApiForm Form { get; set; } = new();

    public bool IsNew => Id is null;

    public ApiView? Current { get; private set; }

    public IReadOnlyList<ProbeResult>? TestResults { get; private set; }

    public IReadOnlyList<string> AllListeners => config.Current.Listeners.Select(l => l.Id).ToList();

    public IReadOnlyList<string> AllTiers => config.Current.Tiers.Select(t => t.Name).ToList();

    public IReadOnlyList<string> Certificates => config.Current.Certificates.Select(c => c.Name).ToList();

    /// <summary>The id a new API gets when the form leaves it empty.</summary>
    public string NextId => DefaultIds.Assign(new ApiConfig(), config.Current).Id;

    public IActionResult OnGet()
    {
        if (Id is null)
        {
            Form = new ApiForm { Version = "v1", Listeners = AllListeners.Take(1).ToList(), SubscriptionRequired = true, AuthModes = [AuthMode.OAuth2, AuthMode.ApiKey] };
            return Page();
        }

        return Load(resetForm: true) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var existing = Id is null ? null : config.Current.FindApi(Id);
        if (Id is not null && existing is null)
        {
            return NotFound();
        }

        ApiConfig? form = null;
        if (ModelState.IsValid)
        {
            try
            {
                form = Form.ToConfig(existing);
            }
            catch (ConfigValidationException ex)
            {
                FormErrors.Add(ModelState, ex, nameof(Form), Form.FieldNames, ApiForm.Rename);
            }
        }

        if (form is not null)
        {
            if (existing is null && form.Id.Length > 0 && config.Current.FindApi(form.Id) is not null)
            {
                ModelState.AddModelError("Form.Id", $"an API with the id '{form.Id}' already exists");
            }
            else
            {
                try
                {
                    // An empty id gets the next free WS_API_N inside the change, as the admin API does.
                    var api = form;
                    await config.ChangeAsync(
                        c => c.WithApi(api = DefaultIds.Assign(form, c)),
                        focusApiId: DefaultIds.Assign(form, config.Current).Id,
                        cancellationToken: HttpContext.RequestAborted);
                    return Done($"API {api.Name} saved.", new { id = api.Id });
                }
                catch (ConfigValidationException ex)
                {
                    FormErrors.Add(ModelState, ex, nameof(Form), Form.FieldNames, ApiForm.Rename);
                }
                catch (ConcurrentChangeException ex)
                {
                    ModelState.AddModelError("", ex.Message);
                }
            }
        }

        Load(resetForm: false);
        return Page();
    }

    public async Task<IActionResult> OnPostLifecycleAsync(ApiLifecycle state)
    {
        var existing = Id is null ? null : config.Current.FindApi(Id);
        if (existing is null)
        {
            return NotFound();
        }

        try
        {
            await config.ChangeAsync(c => c.WithApi(existing with { Lifecycle = state }), focusApiId: existing.Id, cancellationToken: HttpContext.RequestAborted);
            return Done($"API {existing.Name} is now {state.ToString().ToLowerInvariant()}.", new { id = existing.Id });
        }
        catch (ConfigValidationException ex)
        {
            FlashError = $"API {existing.Name} cannot be {state.ToString().ToLowerInvariant()}: " + string.Join("; ", ex.Errors.Select(e => e.Message));
            return RedirectToPage(new { id = existing.Id });
        }
    }

    /// <summary>Opens a real WebSocket to every backend endpoint, as the REST API's test does, and shows each outcome.</summary>
    public async Task<IActionResult> OnPostTestAsync()
    {
        if (!Load(resetForm: true))
        {
            return NotFound();
        }

        var api = config.Current.FindApi(Id!)!;
        var probes = new[] { BackendEnvironment.Production, BackendEnvironment.Sandbox }
            .SelectMany(e => api.Endpoints.For(e).Urls.Select(u => probe.ProbeAsync(api, e, BackendUrl.Normalize(u), HttpContext.RequestAborted)));
        TestResults = await Task.WhenAll(probes);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (Id is null || config.Current.FindApi(Id) is not { } existing)
        {
            return NotFound();
        }

        await config.ChangeAsync(c => c.WithoutApi(existing.Id), cancellationToken: HttpContext.RequestAborted);
        Flash = $"API {existing.Name} deleted; its connections were closed.";
        return RedirectToPage("/Console/Apis/Index");
    }

    private bool Load(bool resetForm)
    {
        var existing = Id is null ? null : config.Current.FindApi(Id);
        if (existing is null)
        {
            return Id is null;
        }

        Current = ApiView.From(existing, apis.Find(existing.Id));
        if (resetForm)
        {
            Form = ApiForm.From(existing);
        }

        return true;
    }
}
