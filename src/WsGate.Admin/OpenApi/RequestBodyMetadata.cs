namespace WsGate.Admin.OpenApi;

/// <summary>
/// The body a route reads by hand (<c>RequestBody.ReadAsync</c>), for the OpenAPI document only. Not
/// <c>Accepts&lt;T&gt;()</c>: its metadata also steers routing by Content-Type, so a body of another type would get
/// routing's bare 415 before <c>RequestBody</c> could say what to send.
/// </summary>
public sealed record RequestBodyMetadata(Type Type, IReadOnlyList<string> ContentTypes, bool IsOptional);
