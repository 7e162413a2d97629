namespace WsGate.Rules;

/// <summary>The HTTP request that fired an HTTP request trigger, and where the rule's answer goes.</summary>
public sealed class HttpTriggerRequest(string ruleId, string method, string path, string query, IReadOnlyDictionary<string, string> queryValues, IReadOnlyDictionary<string, string> headers, string body)
{
    private readonly TaskCompletionSource<HttpAnswer> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The rule that claimed the path; only it runs.</summary>
    public string RuleId { get; } = ruleId;

    public string Method { get; } = method;

    public string Path { get; } = path;

    public string Query { get; } = query;

    public IReadOnlyDictionary<string, string> QueryValues { get; } = queryValues;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public string Body { get; } = body;

    public Task<HttpAnswer> Answer => _answer.Task;

    public bool TryAnswer(HttpAnswer answer) => _answer.TrySetResult(answer);
}
