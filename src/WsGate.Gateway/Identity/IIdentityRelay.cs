namespace WsGate.Identity;

/// <summary>Carries identity changes made on this node (revocations, user changes) to the other nodes of a cluster; must not block.</summary>
public interface IIdentityRelay
{
    void Invalidate(CredentialInvalidation invalidation);

    void UsersChanged();
}
