using Npgsql;

namespace WsGate.Storage.Postgres;

/// <summary>
/// Reads where the PostgreSQL store is: a URL (<c>postgres://user:password@host:port/database?sslmode=require</c>) or an
/// Npgsql connection string (<c>Host=...;Username=...;Database=...</c>).
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>True when <paramref name="spec"/> names PostgreSQL rather than a SQLite file.</summary>
    public static bool IsPostgres(string spec) =>
        spec.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || spec.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || (spec.Contains('=', StringComparison.Ordinal) && spec.Contains("host", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses <paramref name="spec"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string spec)
    {
        var builder = spec.Contains("://", StringComparison.Ordinal) ? FromUrl(spec) : FromKeywords(spec);
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new FormatException("the PostgreSQL store names no host");
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new FormatException("the PostgreSQL store names no database (postgres://user:password@host:port/DATABASE)");
        }

        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "wsgate";
        }

        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromKeywords(string spec)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(spec);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"the PostgreSQL connection string is not valid: {ex.Message}", ex);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string spec)
    {
        if (!Uri.TryCreate(spec, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new FormatException("the PostgreSQL URL is not valid; expected postgres://user:password@host:port/database");
        }

        // Short timeouts: a node that cannot reach its store should say so quickly rather than hang its start.
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Timeout = 5,
            CommandTimeout = 30,
            KeepAlive = 10,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).Replace('_', ' ');
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[key] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                throw new FormatException($"the PostgreSQL URL option '{key}' is not valid: {ex.Message}", ex);
            }
        }

        return builder;
    }
}
