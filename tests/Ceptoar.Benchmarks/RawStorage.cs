using System.Diagnostics;
using System.Security.Cryptography;
using Ceptoar.Testing;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Benchmarks;

/// <summary>
/// The raw durable-write limit of this machine's disk with the SQLite the node uses: 1 KiB rows, WAL,
/// synchronous=FULL (an fsync per commit), 1,000 rows per transaction, on a fresh file.
/// </summary>
internal static class RawStorage
{
    public const int RowsPerTransaction = 1000;
    private const int RowBytes = 1024;

    public static double InsertsPerSecond(TimeSpan duration)
    {
        using var dir = new TestDirectory();
        var path = dir.Combine("raw.db");
        long rows = 0;
        double elapsed;
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB NOT NULL);");
            var body = RandomNumberGenerator.GetBytes(RowBytes);
            var stopwatch = Stopwatch.StartNew();
            while (stopwatch.Elapsed < duration)
            {
                using var transaction = connection.BeginTransaction();
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO rows (body) VALUES ($body)";
                var parameter = insert.Parameters.Add("$body", SqliteType.Blob);
                for (var i = 0; i < RowsPerTransaction; i++)
                {
                    parameter.Value = body;
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
                rows += RowsPerTransaction;
            }

            elapsed = stopwatch.Elapsed.TotalSeconds;
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM rows";
            var stored = (long)count.ExecuteScalar()!;
            if (stored != rows)
            {
                throw new InvalidOperationException($"the raw SQLite run committed {rows} rows but the file holds {stored}: the storage limit would be wrong");
            }
        }

        return rows / elapsed;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
