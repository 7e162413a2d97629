using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Rules;
using WsGate.Storage;

namespace WsGate.Admin.Console.Rules;

/// <summary>Creates or edits a rule: a trigger with an optional text match, and actions in order, as <c>/api/v1/rules</c> does.</summary>
public sealed class EditModel(ConfigManager config, RuleEngine engine) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/rules";

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public RuleForm Form { get; set; } = new();

    public bool IsNew => Id is null;

    public RuleView? Current { get; private set; }

    /// <summary>Names offered for the source input: clients, APIs, endpoint paths and channels the gateway knows.</summary>
    public IReadOnlyList<(SourceKind Kind, string Name)> Sources { get; private set; } = [];

    public IReadOnlyList<string> AllClients => config.Current.Clients.Select(c => c.Id).ToList();

    public IReadOnlyList<string> AllListeners => config.Current.Listeners.Select(l => l.Id).ToList();

    public IActionResult OnGet()
    {
        if (Id is null)
        {
            Form = new RuleForm { Actions = [new ActionRow { Type = ActionType.Publish, Body = ActionConfig.DefaultBody }] }.WithBlankRows();
            Load();
            return Page();
        }

        if (config.Current.FindRule(Id) is not { } existing)
        {
            return NotFound();
        }

        Form = RuleForm.From(existing).WithBlankRows();
        Load();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var existing = Id is null ? null : config.Current.FindRule(Id);
        if (Id is not null && existing is null)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var rule = Form.ToConfig(existing, out var rows);
            try
            {
                // The rule on its own first, so errors name its fields (trigger.match.regex), as the REST API does.
                var errors = new ErrorSink();
                RuleValidator.Validate(rule, config.Current, errors);
                if (existing is null && config.Current.FindRule(rule.Id) is not null)
                {
                    errors.Add("id", $"a rule with the id '{rule.Id}' already exists");
                }

                errors.ThrowIfAny();
                await config.ChangeAsync(c => c.WithRule(rule), cancellationToken: HttpContext.RequestAborted);
                return Done($"Rule {rule.Id} saved.", new { id = rule.Id });
            }
            catch (ConfigValidationException ex)
            {
                FormErrors.Add(ModelState, ex, nameof(Form), Form.FieldNames, path => RuleForm.Rename(path, rows));
            }
            catch (ConcurrentChangeException ex)
            {
                ModelState.AddModelError("", ex.Message);
            }
        }

        Load();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (Id is null || config.Current.FindRule(Id) is not { } existing)
        {
            return NotFound();
        }

        await config.ChangeAsync(c => c.WithoutRule(existing.Id), cancellationToken: HttpContext.RequestAborted);
        Flash = $"Rule {existing.Id} deleted.";
        return RedirectToPage("/Console/Rules/Index");
    }

    private void Load()
    {
        if (Id is not null && config.Current.FindRule(Id) is { } existing)
        {
            Current = RuleView.From(existing, engine.RuleStatsFor(existing.Id));
        }

        var current = config.Current;
        Sources =
        [
            .. current.Clients.Select(c => (SourceKind.Client, c.Id)),
            .. current.Apis.Select(a => (SourceKind.Api, a.Id)),
            .. current.Listeners.SelectMany(l => l.Endpoints).Select(e => e.Path).Distinct(StringComparer.OrdinalIgnoreCase).Select(p => (SourceKind.Endpoint, p)),
        ];
    }
}
