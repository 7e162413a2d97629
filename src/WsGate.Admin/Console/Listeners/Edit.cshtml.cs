using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Configuration;
using WsGate.Configuration.Validation;
using WsGate.Listeners;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Console.Listeners;

/// <summary>Creates or edits one listener through the same configuration change the REST API makes.</summary>
public sealed partial class EditModel(ConfigManager config, ListenerManager listeners) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/listeners";

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public ListenerForm Form { get; set; } = new();

    public bool IsNew => Id is null;

    public ListenerView? Current { get; private set; }

    public IReadOnlyList<string> Certificates => config.Current.Certificates.Select(c => c.Name).ToList();

    /// <summary>The id a new listener gets when the form leaves it empty.</summary>
    public string NextId => DefaultIds.Assign(new ListenerConfig(), config.Current).Id;

    public IActionResult OnGet()
    {
        if (Id is null)
        {
            Form = new ListenerForm { Bindings = "0.0.0.0:8081", AuthModes = [Configuration.Identity.AuthMode.Anonymous], Endpoints = [new EndpointRow { Path = "/echo", Kind = EndpointKind.Echo }] }.WithBlankRows();
            return Page();
        }

        var existing = config.Current.FindListener(Id);
        if (existing is null)
        {
            return NotFound();
        }

        Form = ListenerForm.From(existing).WithBlankRows();
        Current = ListenerView.From(existing, listeners.Find(existing.Id), Request.Host.Host);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var existing = Id is null ? null : config.Current.FindListener(Id);
        if (Id is not null && existing is null)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var form = Form.ToConfig(existing, out var rows);
            if (existing is null && form.Id.Length > 0 && config.Current.FindListener(form.Id) is not null)
            {
                ModelState.AddModelError("Form.Id", $"a listener with the id '{form.Id}' already exists");
            }
            else
            {
                try
                {
                    // An empty id gets the next free WS_SERVER_N inside the change, as the admin API does.
                    var listener = form;
                    await config.ChangeAsync(
                        c => c.WithListener(listener = DefaultIds.Assign(form, c)),
                        focusListenerId: DefaultIds.Assign(form, config.Current).Id,
                        cancellationToken: HttpContext.RequestAborted);
                    var state = listeners.Find(listener.Id);
                    if (state is { State: ListenerState.Failed })
                    {
                        FlashError = $"Listener {listener.Id} was saved but failed to start: {state.FailureReason}";
                    }
                    else
                    {
                        Flash = $"Listener {listener.Id} saved{(state is null ? "" : ": " + state.State.ToString().ToLowerInvariant())}.";
                    }

                    return RedirectToPage("/Console/Listeners/Index");
                }
                catch (ConfigValidationException ex)
                {
                    FormErrors.Add(ModelState, ex, nameof(Form), Form.FieldNames, path => Rename(path, rows));
                }
                catch (ConcurrentChangeException ex)
                {
                    ModelState.AddModelError("", ex.Message);
                }
            }
        }

        if (existing is not null)
        {
            Current = ListenerView.From(existing, listeners.Find(existing.Id), Request.Host.Host);
        }

        return Page();
    }

    /// <summary>Endpoint indexes in the saved listener back to the form's rows; authentication modes to their checkboxes.</summary>
    private static string Rename(string path, IReadOnlyList<int> rows)
    {
        if (path.StartsWith("authentication", StringComparison.Ordinal))
        {
            return AuthenticationForm.Rename(path);
        }

        if (path.StartsWith("access.mode", StringComparison.Ordinal))
        {
            return "accessMode";
        }

        if (path.StartsWith("access.", StringComparison.Ordinal))
        {
            return path["access.".Length..];
        }

        // throttling.rate.windowMs is the form's Rate.WindowMs.
        if (path.StartsWith("throttling.", StringComparison.Ordinal))
        {
            return path["throttling.".Length..];
        }

        // httpFallback.folder is the form's HttpFallbackFolder, workers.queueLimit its WorkersQueueLimit.
        foreach (var group in (string[])["httpFallback", "workers"])
        {
            if (path.StartsWith(group + ".", StringComparison.Ordinal) && path.Length > group.Length + 1)
            {
                var field = path[(group.Length + 1)..];
                return group + char.ToUpperInvariant(field[0]) + field[1..];
            }
        }

        var match = EndpointIndex().Match(path);
        return match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < rows.Count
            ? $"endpoints[{rows[i]}]{path[match.Length..]}"
            : path;
    }

    [GeneratedRegex(@"^endpoints\[(\d+)\]")]
    private static partial Regex EndpointIndex();
}
