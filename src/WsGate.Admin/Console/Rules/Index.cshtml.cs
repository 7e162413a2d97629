using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Rules;
using WsGate.Storage;

namespace WsGate.Admin.Console.Rules;

/// <summary>Rules with how often they fired and failed, the rule queue's numbers, and bridges (list, create, delete).</summary>
public sealed class IndexModel(ConfigManager config, RuleEngine engine) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/rules";

    public IReadOnlyList<RuleView> Rules { get; private set; } = [];

    public IReadOnlyList<BridgeView> Bridges { get; private set; } = [];

    public RuleQueue Queue => engine.Queue;

    public long WebhookOverflow => engine.WebhookOverflow;

    public IReadOnlyList<string> AllClients => config.Current.Clients.Select(c => c.Id).ToList();

    [BindProperty]
    public BridgeForm Bridge { get; set; } = new();

    public void OnGet() => Load();

    public async Task<IActionResult> OnPostDeleteAsync(string id)
    {
        if (config.Current.FindRule(id) is not { } rule)
        {
            FlashError = $"There is no rule '{id}'.";
            return RedirectToPage();
        }

        await config.ChangeAsync(c => c.WithoutRule(rule.Id), cancellationToken: HttpContext.RequestAborted);
        return Done($"Rule {rule.Id} deleted.");
    }

    public async Task<IActionResult> OnPostCreateBridgeAsync()
    {
        if (ModelState.IsValid)
        {
            var bridge = Bridge.ToConfig();
            try
            {
                // The bridge on its own first, so errors name its fields (client, channel), as the REST API does.
                var errors = new ErrorSink();
                BridgeValidator.Validate(bridge, config.Current, errors);
                if (config.Current.FindBridge(bridge.Id) is not null)
                {
                    errors.Add("id", $"a bridge with the id '{bridge.Id}' already exists");
                }

                errors.ThrowIfAny();
                await config.ChangeAsync(c => c.WithBridge(bridge), cancellationToken: HttpContext.RequestAborted);
                return Done($"Bridge {bridge.Id} created.");
            }
            catch (ConfigValidationException ex)
            {
                FormErrors.Add(ModelState, ex, nameof(Bridge), BridgeForm.FieldNames);
            }
            catch (ConcurrentChangeException ex)
            {
                ModelState.AddModelError("", ex.Message);
            }
        }

        Load();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteBridgeAsync(string id)
    {
        if (config.Current.FindBridge(id) is not { } bridge)
        {
            FlashError = $"There is no bridge '{id}'.";
            return RedirectToPage();
        }

        await config.ChangeAsync(c => c.WithoutBridge(bridge.Id), cancellationToken: HttpContext.RequestAborted);
        return Done($"Bridge {bridge.Id} deleted.");
    }

    private void Load()
    {
        Rules = config.Current.Rules.Select(r => RuleView.From(r, engine.RuleStatsFor(r.Id))).ToList();
        Bridges = config.Current.Bridges.Select(b => BridgeView.From(b, engine.BridgeStatsFor(b.Id))).ToList();
    }
}
