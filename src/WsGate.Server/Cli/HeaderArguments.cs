using WsGate.Server.Commands;

namespace WsGate.Server.Cli;

/// <summary>The repeatable <c>--header Name:Value</c> option of the commands that act as a WebSocket client.</summary>
internal static class HeaderArguments
{
    /// <summary>Each value split at its first colon, name and value trimmed; a value without a name is a usage error.</summary>
    public static List<KeyValuePair<string, string>> Parse(IEnumerable<string>? values)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in values ?? [])
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new CliException($"--header '{header}' must be Name:Value", ExitCodes.Usage);
            }

            headers.Add(KeyValuePair.Create(header[..colon].Trim(), header[(colon + 1)..].Trim()));
        }

        return headers;
    }
}
