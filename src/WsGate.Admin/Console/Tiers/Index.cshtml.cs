using Microsoft.AspNetCore.Mvc;
using WsGate.Admin.Api;
using WsGate.Configuration.Throttling;
using WsGate.Configuration.Validation;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Admin.Console.Tiers;

/// <summary>
/// Subscription tiers with how many subscriptions use each; create, edit (<c>?name=</c>) and delete, refused while a
/// subscription still uses the tier, as <c>/api/v1/tiers</c> does.
/// </summary>
public sealed class IndexModel(ConfigManager config, IIdentityStore store) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/tiers";

    /// <summary>The tier being edited; none for a new one.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty]
    public TierForm Form { get; set; } = new();

    public IReadOnlyList<(TierConfig Tier, int Subscriptions)> Tiers { get; private set; } = [];

    public TierConfig? Editing { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Editing = Name is null ? null : config.Current.FindTier(Name);
        if (Name is not null && Editing is null)
        {
            return NotFound();
        }

        Form = Editing is null ? new TierForm() : TierForm.From(Editing);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Editing = Name is null ? null : config.Current.FindTier(Name);
        if (Name is not null && Editing is null)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var tier = Form.ToConfig(Editing);
            if (Editing is null && config.Current.FindTier(tier.Name) is { } clash)
            {
                ModelState.AddModelError("Form.Name", $"a tier named '{clash.Name}' already exists");
            }
            else
            {
                try
                {
                    // The tier on its own first, so errors name its fields (rate.windowMs), as the REST API does.
                    var errors = new ErrorSink();
                    ThrottlingValidator.ValidateTier(tier, errors);
                    errors.ThrowIfAny();
                    await config.ChangeAsync(c => c.WithTier(tier), cancellationToken: HttpContext.RequestAborted);
                    return Done($"Tier {tier.Name} saved.", new { name = (string?)null });
                }
                catch (ConfigValidationException ex)
                {
                    FormErrors.Add(ModelState, ex, nameof(Form), TierForm.FieldNames);
                }
                catch (ConcurrentChangeException ex)
                {
                    ModelState.AddModelError("", ex.Message);
                }
            }
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name)
    {
        if (config.Current.FindTier(name) is not { } existing)
        {
            FlashError = $"There is no tier '{name}'.";
        }
        else if (await TiersApi.InUseAsync(store, config.Current with { Tiers = [] }, [existing.Name], HttpContext.RequestAborted) is { } inUse)
        {
            FlashError = $"Tier {existing.Name} was not deleted: {inUse}.";
        }
        else
        {
            await config.ChangeAsync(c => c.WithoutTier(existing.Name), cancellationToken: HttpContext.RequestAborted);
            Flash = $"Tier {existing.Name} deleted.";
        }

        return RedirectToPage(new { name = (string?)null });
    }

    private async Task LoadAsync()
    {
        var usage = (await store.ListSubscriptionsAsync(null, null, HttpContext.RequestAborted))
            .GroupBy(s => s.Tier, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        Tiers = config.Current.Tiers.Select(t => (t, usage.GetValueOrDefault(t.Name))).ToList();
    }
}
