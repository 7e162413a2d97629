using System.Globalization;

namespace WsGate.Storage.Sqlite;

/// <summary>Times are stored as UTC ISO 8601 text, which sorts and compares correctly as text.</summary>
internal static class SqlTime
{
    public static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ParseOptional(string? value) => value is null ? null : Parse(value);
}
