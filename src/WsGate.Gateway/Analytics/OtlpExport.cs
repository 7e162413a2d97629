using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using WsGate.Configuration.Analytics;
using WsGate.Diagnostics;

namespace WsGate.Analytics;

/// <summary>
/// Pushes the <c>WsGate</c> meter to an OpenTelemetry collector over OTLP/HTTP (protobuf) while an endpoint is
/// configured; without one the OpenTelemetry SDK is never started. A changed endpoint, interval or header set replaces
/// the exporter; the old one flushes what it holds as it is disposed.
/// </summary>
public sealed class OtlpExport(ILogger<OtlpExport> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private MeterProvider? _provider;
    private OtlpConfig? _current;

    public bool IsExporting => Volatile.Read(ref _provider) is not null;

    public void Apply(OtlpConfig? config)
    {
        lock (_gate)
        {
            if (SameAs(config, _current))
            {
                return;
            }

            if (_provider is not null)
            {
                _provider.Dispose();
                _provider = null;
                AnalyticsLog.OtlpStopped(logger);
            }

            _current = config;
            if (config is null)
            {
                return;
            }

            var endpoint = MetricsUrl(config.Endpoint);
            _provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(GatewayMetrics.MeterName)
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = endpoint;
                    exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                    exporter.Headers = string.Join(",", config.Headers.Select(h => $"{h.Key}={h.Value}"));
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = config.ExportIntervalMs;
                })
                .Build();
            AnalyticsLog.OtlpStarted(logger, endpoint.ToString(), config.ExportIntervalMs);
        }
    }

    /// <summary>Exports now rather than at the next interval; false when not exporting or the collector did not answer in time.</summary>
    public bool Flush(TimeSpan timeout)
    {
        MeterProvider? provider;
        lock (_gate)
        {
            provider = _provider;
        }

        return provider?.ForceFlush((int)timeout.TotalMilliseconds) ?? false;
    }

    public void Dispose() => Apply(null);

    /// <summary>The OTLP/HTTP signal path: an endpoint set in code is used as is, so <c>/v1/metrics</c> is added here.</summary>
    internal static Uri MetricsUrl(string endpoint) => new(endpoint.TrimEnd('/') + "/v1/metrics");

    private static bool SameAs(OtlpConfig? a, OtlpConfig? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.Endpoint == b.Endpoint && a.ExportIntervalMs == b.ExportIntervalMs
              && a.Headers.Count == b.Headers.Count && a.Headers.All(h => b.Headers.TryGetValue(h.Key, out var v) && v == h.Value);
}
