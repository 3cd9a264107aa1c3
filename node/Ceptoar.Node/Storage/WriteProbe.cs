namespace Ceptoar.Node.Storage;

/// <summary>The health check's real write: through the single writer, a committed change of the file that changes nothing the node reads.</summary>
internal static class WriteProbe
{
    /// <summary>
    /// Rewrites the database header's application_id with its own value in a transaction of the writer: the writer must
    /// take the write lock, write a page and commit (docs/OPERATIONS.md §3); no table and no migration needed.
    /// </summary>
    public static Task WriteAsync(WriteQueue writer, CancellationToken cancellationToken) =>
        writer.ExecuteAsync((connection, transaction) =>
        {
            using var read = SqlHelpers.Command(connection, transaction, "PRAGMA application_id");
            var value = Convert.ToInt64(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            using var write = SqlHelpers.Command(connection, transaction, $"PRAGMA application_id = {value}");
            write.ExecuteNonQuery();
            return true;
        }, cancellationToken);
}
