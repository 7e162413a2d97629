using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;

namespace WsGate.AsyncApi;

/// <summary>An API's contract as its export reads (the stored document or one generated), for the portal to show.</summary>
public static class AsyncApiContracts
{
    /// <summary>The contract of <paramref name="api"/>; null if its export cannot be read (a generated schema a document cannot hold).</summary>
    public static AsyncApiContract? Of(ApiConfig api)
    {
        try
        {
            return AsyncApiReader.Read(AsyncApiExporter.Export(api, AsyncApiFormat.Json));
        }
        catch (ConfigValidationException)
        {
            return null;
        }
    }

    /// <summary>Every example a client can send to <paramref name="api"/>, named by channel and message.</summary>
    public static IReadOnlyList<AsyncApiExample> ClientExamples(ApiConfig api) =>
        Of(api)?.Channels
            .SelectMany(c => c.ClientMessages.SelectMany(m => AsyncApiExamples.For(m).Select(e => new AsyncApiExample($"{c.Key} · {m.Key} · {e.Name}", e.Payload))))
            .ToList() ?? [];
}
