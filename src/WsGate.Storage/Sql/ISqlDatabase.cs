using System.Data.Common;

namespace WsGate.Storage.Sql;

/// <summary>
/// What the stores both backends share need of a database: a connection to read on, and one transaction to write in
/// (committed when the write returns). Each backend keeps its own connection handling and errors behind it.
/// </summary>
internal interface ISqlDatabase
{
    Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken);

    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken);
}
