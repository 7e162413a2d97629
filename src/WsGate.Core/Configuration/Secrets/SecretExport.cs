using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.Configuration.Validation;

namespace WsGate.Configuration.Secrets;

/// <summary>
/// The configuration's secrets in an export and back: sealed with a passphrase so an admin can replicate a server, and
/// opened again on import. An import that meets a sealed value without the passphrase, or with another one, is refused
/// whole, naming each field.
/// </summary>
public static class SecretExport
{
    /// <summary>The configuration's JSON form with every secret sealed under <paramref name="passphrase"/>.</summary>
    public static JsonNode? Seal(GatewayConfig config, string passphrase)
    {
        var seal = new PassphraseSeal(passphrase);
        var node = JsonSerializer.SerializeToNode(config, ConfigSerializer.JsonOptions);
        SecretWalker.Walk(node, null, hit =>
        {
            // An address is sealed only when it carries credentials; the rest of it is no secret.
            if (hit.Value.Length > 0 && (hit.Kind != SecretKind.Url || SecretValues.HasUrlCredentials(hit.Value)))
            {
                hit.Replace(seal.Seal(hit.Value));
            }
        });
        return node;
    }

    /// <summary>Opens every sealed secret of an imported document in place.</summary>
    public static void Open(JsonNode? document, string? passphrase)
    {
        var seal = string.IsNullOrEmpty(passphrase) ? null : new PassphraseSeal(passphrase);
        var errors = new ErrorSink();
        SecretWalker.Walk(document, null, hit =>
        {
            if (!PassphraseSeal.IsSealed(hit.Value))
            {
                return;
            }

            if (seal is null)
            {
                errors.Add(hit.Path, "is encrypted; import the document with the passphrase it was exported with");
            }
            else if (seal.TryOpen(hit.Value, out var secret))
            {
                hit.Replace(secret);
            }
            else
            {
                errors.Add(hit.Path, "cannot be decrypted with this passphrase");
            }
        });
        errors.ThrowIfAny();
    }
}
