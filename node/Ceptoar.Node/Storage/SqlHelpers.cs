using System.Text;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>Small helpers so every statement is parameterised and every timestamp is stored the same way (unix ms, UTC).</summary>
internal static class SqlHelpers
{
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        return command.ExecuteNonQuery();
    }

    public static long UnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? UnixMs(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>Stored times have millisecond precision; callers that echo a time back use this so it equals what a later read returns.</summary>
    public static DateTimeOffset TruncateToMs(DateTimeOffset time) => FromUnixMs(UnixMs(time));

    public static DateTimeOffset? GetTimeOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromUnixMs(reader.GetInt64(ordinal));

    public static string? GetStringOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Appends "name IN ($p0, $p1, ...)" with one parameter per value.</summary>
    public static void AppendIn<T>(StringBuilder sql, SqliteCommand command, string column, string prefix, IReadOnlyList<T> values, Func<T, object> convert)
    {
        sql.Append(column).Append(" IN (");
        for (var i = 0; i < values.Count; i++)
        {
            var name = $"${prefix}{i}";
            sql.Append(i == 0 ? "" : ", ").Append(name);
            command.Parameters.AddWithValue(name, convert(values[i]));
        }

        sql.Append(')');
    }
}
