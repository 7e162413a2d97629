using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace WsGate.Testing;

/// <summary>A handshake refused before the upgrade: status, headers and the problem body.</summary>
public sealed record Refusal(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, JsonElement Body)
{
    public string Detail => Body.GetProperty("detail").GetString() ?? "";
}
