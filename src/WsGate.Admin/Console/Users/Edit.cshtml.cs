using Microsoft.AspNetCore.Mvc;
using WsGate.Configuration.Validation;
using WsGate.Identity;
using WsGate.Storage;

namespace WsGate.Admin.Console.Users;

/// <summary>Edits a user's roles, groups, description, state and (optionally) password.</summary>
public sealed class EditModel(IIdentityStore store, IdentityService identity) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/users";

    [BindProperty(SupportsGet = true)]
    public string Username { get; set; } = "";

    [BindProperty]
    public UserForm Form { get; set; } = new();

    public IReadOnlyList<StoredGroup> AllGroups { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await store.FindUserAsync(Username, HttpContext.RequestAborted);
        if (user is null)
        {
            return NotFound();
        }

        Form = new UserForm { Username = user.Username, Roles = user.Roles.ToList(), Groups = user.Groups.ToList(), Description = user.Description, Enabled = user.Enabled };
        AllGroups = await store.ListGroupsAsync(HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Form.Username = Username;
        if (await Api.UsersApi.WouldRemoveLastAdminAsync(store, Username, Form.Roles, Form.Enabled, HttpContext.RequestAborted))
        {
            ModelState.AddModelError("Form.Roles", "this change would leave no enabled admin");
        }
        else
        {
            try
            {
                var password = string.IsNullOrEmpty(Form.Password) ? null : Form.Password;
                var updated = await identity.UpdateUserAsync(Username, password, Form.Roles, Form.Groups, Form.Description, Form.Enabled, HttpContext.RequestAborted);
                if (updated is null)
                {
                    return NotFound();
                }

                Flash = $"User {Username} saved.";
                return RedirectToPage("/Console/Users/Index");
            }
            catch (ConfigValidationException ex)
            {
                FormErrors.Add(ModelState, ex, nameof(Form), UserForm.FieldNames);
            }
        }

        AllGroups = await store.ListGroupsAsync(HttpContext.RequestAborted);
        return Page();
    }
}
