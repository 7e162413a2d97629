using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using WsGate.LoadGen.Cli;

namespace WsGate.LoadGen.Measurement;

/// <summary>
/// One counter read from a Prometheus text endpoint (a WsGate proxy's <c>/metrics</c>), so a run can report what the
/// proxy allocated over exactly its measured window: <c>wsgate_process_allocated_bytes_total</c> by default.
/// </summary>
public sealed class MetricsCounter : IDisposable
{
    public const string AllocatedBytes = "wsgate_process_allocated_bytes_total";

    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly string _name;

    private MetricsCounter(HttpClient http, Uri url, string name)
    {
        _http = http;
        _url = url;
        _name = name;
    }

    /// <summary>
    /// <paramref name="text"/> is <c>http://[user:password@]127.x.y.z:PORT/PATH</c>; credentials in the address become a
    /// Basic authorization header (the admin port's <c>/metrics</c> needs an operator account).
    /// </summary>
    public static MetricsCounter? Parse(string option, string? text, string name = AllocatedBytes)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || !url.IsLoopback)
        {
            throw new UsageException($"{option}: '{text}' is not an http:// address on loopback");
        }

        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        if (url.UserInfo.Length > 0)
        {
            var credentials = Uri.UnescapeDataString(url.UserInfo);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
            url = new UriBuilder(url) { UserName = "", Password = "" }.Uri;
        }

        return new MetricsCounter(http, url, name);
    }

    /// <summary>The counter's value: the sum of its samples (every label set), or an error that names the counter.</summary>
    public async Task<double> ReadAsync()
    {
        var text = await _http.GetStringAsync(_url);
        double? sum = null;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith(_name, StringComparison.Ordinal) && line.Length > _name.Length && line[_name.Length] is ' ' or '{')
            {
                var value = line[(line.LastIndexOf(' ') + 1)..];
                sum = (sum ?? 0) + double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return sum ?? throw new InvalidOperationException($"{_url} has no {_name} sample");
    }

    public void Dispose() => _http.Dispose();
}
