namespace WsGate.Admin.Api;

/// <summary>Body of a node drain: the seconds to spread the closes over (0-3600; default the node's drain period, 30).</summary>
public sealed record DrainRequest
{
    public double? Period { get; init; }
}
