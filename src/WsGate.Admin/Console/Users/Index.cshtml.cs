using Microsoft.AspNetCore.Mvc;
using WsGate.Configuration.Validation;
using WsGate.Identity;
using WsGate.Storage;

namespace WsGate.Admin.Console.Users;

/// <summary>Users with their roles and groups, and groups: create and delete here, edit a user on their own page.</summary>
public sealed class IndexModel(IIdentityStore store, IdentityService identity) : ConsolePageModel
{
    public override string ApiPath => "/api/v1/users";

    public IReadOnlyList<StoredUser> Users { get; private set; } = [];

    public IReadOnlyList<StoredGroup> AllGroups { get; private set; } = [];

    [BindProperty]
    public UserForm Form { get; set; } = new() { Roles = [Roles.Subscriber] };

    [BindProperty]
    public GroupForm Group { get; set; } = new();

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        try
        {
            var user = await identity.CreateUserAsync(Form.Username?.Trim(), Form.Password, Form.Roles, Form.Groups, Form.Description, Form.Enabled, HttpContext.RequestAborted);
            return Done($"User {user.Username} created.");
        }
        catch (ConfigValidationException ex)
        {
            FormErrors.Add(ModelState, ex, nameof(Form), UserForm.FieldNames);
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string username)
    {
        if (string.Equals(Principal.Username, username, StringComparison.OrdinalIgnoreCase))
        {
            FlashError = "You cannot delete yourself.";
        }
        else if (await Api.UsersApi.WouldRemoveLastAdminAsync(store, username, [], false, HttpContext.RequestAborted))
        {
            FlashError = "This would leave no enabled admin.";
        }
        else if (await identity.DeleteUserAsync(username, HttpContext.RequestAborted))
        {
            Flash = $"User {username} deleted; their connections and applications' tokens stop working.";
        }
        else
        {
            FlashError = $"There is no user '{username}'.";
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCreateGroupAsync()
    {
        try
        {
            var group = await identity.CreateGroupAsync(Group.Name?.Trim(), Group.Description, HttpContext.RequestAborted);
            return Done($"Group {group.Name} created.");
        }
        catch (ConfigValidationException ex)
        {
            FormErrors.Add(ModelState, ex, nameof(Group), ["Name", "Description"]);
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteGroupAsync(string name) =>
        await identity.DeleteGroupAsync(name, HttpContext.RequestAborted)
            ? Done($"Group {name} deleted and removed from its members.")
            : Done($"There is no group '{name}'.");

    private async Task LoadAsync()
    {
        Users = await store.ListUsersAsync(HttpContext.RequestAborted);
        AllGroups = await store.ListGroupsAsync(HttpContext.RequestAborted);
    }
}
