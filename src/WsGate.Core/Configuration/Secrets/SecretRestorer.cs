using System.Text.Json;
using WsGate.Configuration.Validation;

namespace WsGate.Configuration.Secrets;

/// <summary>
/// Reads mask secrets, so an edit that sends back what it read carries <see cref="SecretValues.Mask"/> where a secret
/// was: that means "keep the stored secret". Every change to the configuration passes here before validation. A mask
/// with no stored secret behind it (an import of a masked export into another server, a new list element) is refused
/// whole, naming each field, rather than saved as the literal mask.
/// </summary>
public static class SecretRestorer
{
    private const string Unrestorable =
        "is masked (********) and there is no stored secret to keep; send the secret itself, or import an export made with secrets (admin, with a passphrase)";

    public static GatewayConfig KeepStored(GatewayConfig incoming, GatewayConfig current)
    {
        var next = JsonSerializer.SerializeToNode(incoming, ConfigSerializer.JsonOptions);
        var stored = JsonSerializer.SerializeToNode(current, ConfigSerializer.JsonOptions);
        var errors = new ErrorSink();
        var changed = false;
        SecretWalker.Walk(next, stored, hit =>
        {
            if (PassphraseSeal.IsSealed(hit.Value))
            {
                // Never stored as it is: a sealed value means an import that was not opened.
                errors.Add(hit.Path, "is encrypted; import the document with the passphrase it was exported with");
                return;
            }

            if (!SecretValues.IsMasked(hit.Value, hit.Kind))
            {
                return;
            }

            if (hit.Parallel is { } previous && SecretValues.MaskValue(previous, hit.Kind) == hit.Value)
            {
                hit.Replace(previous);
                changed = true;
            }
            else
            {
                errors.Add(hit.Path, Unrestorable);
            }
        });
        errors.ThrowIfAny();
        return changed ? ConfigSerializer.FromJson<GatewayConfig>(next) : incoming;
    }
}
