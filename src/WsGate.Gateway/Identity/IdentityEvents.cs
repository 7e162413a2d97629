using System.Threading.Channels;

namespace WsGate.Identity;

/// <summary>Credential invalidations raised by identity changes on this node, for the <see cref="CredentialMonitor"/>.</summary>
public sealed class IdentityEvents
{
    private readonly Channel<CredentialInvalidation> _channel = Channel.CreateUnbounded<CredentialInvalidation>(new UnboundedChannelOptions { SingleReader = true });

    public event Action? UsersChanged;

    public ChannelReader<CredentialInvalidation> Reader => _channel.Reader;

    /// <summary>Set on a cluster node: changes raised here are also announced to the other nodes, which raise them with the *Local methods.</summary>
    public IIdentityRelay? Relay { get; set; }

    public void Invalidate(CredentialInvalidation invalidation)
    {
        InvalidateLocal(invalidation);
        Relay?.Invalidate(invalidation);
    }

    public void InvalidateLocal(CredentialInvalidation invalidation) => _channel.Writer.TryWrite(invalidation);

    /// <summary>A user's password, groups or enabled flag changed: cached verifications must go.</summary>
    public void RaiseUsersChanged()
    {
        RaiseUsersChangedLocal();
        Relay?.UsersChanged();
    }

    public void RaiseUsersChangedLocal() => UsersChanged?.Invoke();
}
