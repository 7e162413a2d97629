using System.Text.Json.Serialization;

namespace WsGate.LoadGen.Reports;

/// <summary>Single-line JSON for the parent-child pipe.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IdleChildMessage))]
internal sealed partial class ChildJson : JsonSerializerContext;
