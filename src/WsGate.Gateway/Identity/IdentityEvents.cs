using System.Threading.Channels;

namespace WsGate.Identity;

/// <summary>Credential invalidations raised by identity changes on this node, for the <see cref="CredentialMonitor"/>.</summary>
public sealed class IdentityEvents
{
    private readonly Channel<CredentialInvalidation> _channel = Channel.CreateUnbounded<CredentialInvalidation>(new UnboundedChannelOptions { SingleReader = true });

    public event Action? UsersChanged;

    public ChannelReader<CredentialInvalidation> Reader => _channel.Reader;

    public void Invalidate(CredentialInvalidation invalidation) => _channel.Writer.TryWrite(invalidation);

    /// <summary>A user's password, groups or enabled flag changed: cached verifications must go.</summary>
    public void RaiseUsersChanged() => UsersChanged?.Invoke();
}
