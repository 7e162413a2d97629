namespace WsGate.Storage.Postgres;

/// <summary>Times are TIMESTAMPTZ columns: written as UTC <see cref="DateTimeOffset"/>, read back as UTC <see cref="DateTime"/>.</summary>
internal static class PgTime
{
    public static DateTimeOffset Write(DateTimeOffset value) => value.ToUniversalTime();

    public static DateTimeOffset? Write(DateTimeOffset? value) => value?.ToUniversalTime();

    public static DateTimeOffset Read(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);

    public static DateTimeOffset? Read(DateTime? value) => value is { } v ? Read(v) : null;
}
