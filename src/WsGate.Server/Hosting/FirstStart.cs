using System.Globalization;

using WsGate.Configuration;
using WsGate.Configuration.Validation;
using WsGate.Identity;
using WsGate.Storage;

namespace WsGate.Server.Hosting;

/// <summary>
/// What the very first start of a store does, once: the admin user and the default listener with its echo and channel
/// endpoints. A marker in the store keeps it from running again, so an operator who deletes the default listener keeps it deleted.
/// </summary>
internal static class FirstStart
{
    private const string Marker = "seeded.at";
    public const string AdminUser = "admin";
    public const string DefaultListenerId = "default";

    /// <summary>
    /// <c>--listen</c> names the default listener's bindings on the first start only; after that the stored listener is
    /// what runs. Rather than ignore a <c>--listen</c> that differs from it, the start is refused with the two ways to
    /// change it: for every node through the admin API, or for this node with <c>--bind</c>.
    /// </summary>
    public static async Task CheckListenAsync(IWsGateStore store, ServerOptions options, CancellationToken cancellationToken)
    {
        if (await store.GetMetaAsync(Marker, cancellationToken) is null)
        {
            return;
        }

        var stored = (await store.LoadConfigAsync(cancellationToken)).Config.Listeners
            .FirstOrDefault(l => string.Equals(l.Id, DefaultListenerId, StringComparison.OrdinalIgnoreCase));
        if (stored is not null && stored.Bindings.SequenceEqual(options.DefaultListenerBindings, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        var given = string.Join(",", options.DefaultListenerBindings);
        var now = stored is null
            ? $"the listener '{DefaultListenerId}' it created has been deleted"
            : $"listener '{DefaultListenerId}' is stored with {string.Join(", ", stored.Bindings)}";
        throw new ConfigValidationException(
            "--listen",
            $"applies only to the first start of a store, and {now}. To move it for every node: `wsgate listeners bind {DefaultListenerId} {string.Join(' ', options.DefaultListenerBindings)}` " +
            $"(or PUT /api/v1/listeners/{DefaultListenerId}); for this node only: --bind {DefaultListenerId}={given}; or drop --listen");
    }

    /// <summary>Returns the generated admin password when one was generated (to print once), else null.</summary>
    public static async Task<string?> SeedAsync(IWsGateStore store, ServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.GetMetaAsync(Marker, cancellationToken) is not null)
        {
            return null;
        }

        string? generated = null;
        if (await store.Identity.FindUserAsync(AdminUser, cancellationToken) is null)
        {
            var password = options.AdminPassword;
            if (string.IsNullOrEmpty(password))
            {
                password = generated = PasswordHasher.GeneratePassword();
            }

            await store.Identity.CreateUserAsync(
                new StoredUser
                {
                    Username = AdminUser,
                    PasswordHash = PasswordHasher.Hash(password),
                    Roles = [Roles.Admin],
                    CreatedAt = time.GetUtcNow(),
                },
                cancellationToken);
        }

        var stored = await store.LoadConfigAsync(cancellationToken);
        if (stored.Config.Listeners.Count == 0)
        {
            var listener = new ListenerConfig
            {
                Id = DefaultListenerId,
                Alias = "default",
                Description = "Created on first start: echo and channel endpoints",
                Bindings = options.DefaultListenerBindings,
                Endpoints =
                [
                    new EndpointConfig { Path = "/echo", Kind = EndpointKind.Echo },
                    new EndpointConfig { Path = "/channel", Kind = EndpointKind.Channel },
                ],
            };
            await store.SaveConfigAsync(stored.Config with { Listeners = [listener] }, stored.Revision, cancellationToken);
        }

        await store.SetMetaAsync(Marker, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), cancellationToken);
        return generated;
    }
}
