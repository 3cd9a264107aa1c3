namespace Ceptoar.Node.Storage;

/// <summary>The saved versions of the node's handling rules (as rule-file text); the newest is active.</summary>
public sealed class RuleStore(NodeDatabase database, AuditLog audit)
{
    /// <summary>The active rule file and its etag, or null when the admins never saved one (the built-in default applies).</summary>
    public Task<(string Text, string ETag)?> LoadActiveAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<(string, string)?>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT text, etag FROM rule_sets ORDER BY id DESC LIMIT 1");
            using var reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetString(0), reader.GetString(1)) : null;
        }, cancellationToken);

    /// <summary>
    /// Saves a new version if the active one still has expectedETag (compare-and-swap; null = don't check), with an
    /// audit entry. Returns false, saving nothing, when another admin changed the rules meanwhile.
    /// </summary>
    public Task<bool> SaveAsync(string text, string etag, string? expectedETag, string currentETag, string actor, string what, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using (var active = SqlHelpers.Command(connection, transaction, "SELECT etag FROM rule_sets ORDER BY id DESC LIMIT 1"))
            {
                var stored = active.ExecuteScalar() as string ?? currentETag;
                if (expectedETag is not null && expectedETag != stored)
                {
                    return false;
                }
            }

            using var insert = SqlHelpers.Command(connection, transaction,
                "INSERT INTO rule_sets (text, etag, saved_at, saved_by) VALUES ($text, $etag, $at, $by)");
            insert.With("$text", text).With("$etag", etag).With("$at", SqlHelpers.UnixMs(database.Clock.GetUtcNow())).With("$by", actor).ExecuteNonQuery();
            audit.Append(connection, transaction, new AuditRecord(actor, "rules.change", etag, "saved", what));
            return true;
        }, cancellationToken);
}
