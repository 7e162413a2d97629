using System.Text.Json.Serialization;

namespace WsGate.LoadGen.Reports;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EchoReport))]
[JsonSerializable(typeof(IdleReport))]
[JsonSerializable(typeof(ProbeReport))]
[JsonSerializable(typeof(BroadcastReport))]
internal sealed partial class ReportJson : JsonSerializerContext;
