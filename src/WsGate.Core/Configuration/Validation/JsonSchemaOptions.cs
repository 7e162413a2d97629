using Json.Schema;

namespace WsGate.Configuration.Validation;

/// <summary>
/// The one <see cref="EvaluationOptions"/> every JSON Schema evaluation in WsGate uses: the validator's meta-schema
/// checks and the gateway's message checks alike.
/// </summary>
/// <remarks>
/// A JsonSchema.Net 7 schema caches what it builds for an evaluation and rebuilds it whenever it is evaluated with
/// another options object than the last one, which races with the evaluations in flight on other threads
/// (json-everything issues #693 and #929). A schema is shared by every connection under a configuration snapshot (and the
/// meta-schema by every validation), so there is only ever this one object, never changed after start. The list output
/// is what a failure is located from; it costs a valid message no more than the flag output does.
/// </remarks>
public static class JsonSchemaOptions
{
    public static EvaluationOptions Shared { get; } = new() { OutputFormat = OutputFormat.List };
}
