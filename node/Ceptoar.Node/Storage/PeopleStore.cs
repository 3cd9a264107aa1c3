using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>A person who signs in to the web console, as stored (docs/CONSOLE.md §2); the hash and the TOTP secret never leave the node.</summary>
/// <param name="Kind">"member", "staff" or "council" (<see cref="Member"/>, <see cref="Staff"/>, <see cref="Council"/>).</param>
/// <param name="TotpLastStep">The 30-second step of the last code accepted: a code of this step or an earlier one is a replay.</param>
/// <param name="ContactId">The notification contact this person was made from, if any.</param>
public sealed record PersonRecord(
    string PersonId, string Login, string DisplayName, string? MemberId, string Kind, string? Language, string PasswordHash, string TotpSecret,
    long TotpLastStep, string SessionStamp, int FailedCount, DateTimeOffset? LockedUntil, bool Disabled, string? ContactId, DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt)
{
    public const string Member = "member";
    public const string Staff = "staff";
    public const string Council = "council";
}

/// <summary>The people table: accounts, their credentials, failed attempts and lockout; every change audited in the same transaction.</summary>
public sealed class PeopleStore(NodeDatabase database, AuditLog audit)
{
    private const string Columns =
        "person_id, login, display_name, member_id, kind, language, password_hash, totp_secret, totp_last_step, session_stamp, failed_count, " +
        "locked_until, disabled, contact_id, created_at, last_sign_in_at";

    /// <summary>Adds a person with a "person.add" audit entry naming <paramref name="actor"/>; false when the login (in any case) is taken.</summary>
    public Task<bool> AddAsync(PersonRecord person, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using var command = SqlHelpers.Command(connection, transaction,
                $"INSERT OR IGNORE INTO people ({Columns}) VALUES ($id, $login, $name, $member, $kind, $language, $hash, $secret, 0, $stamp, 0, NULL, 0, $contact, $at, NULL)");
            var added = command.With("$id", person.PersonId).With("$login", person.Login).With("$name", person.DisplayName).With("$member", person.MemberId)
                .With("$kind", person.Kind).With("$language", person.Language).With("$hash", person.PasswordHash).With("$secret", person.TotpSecret)
                .With("$stamp", person.SessionStamp).With("$contact", person.ContactId).With("$at", SqlHelpers.UnixMs(person.CreatedAt))
                .ExecuteNonQuery() == 1;
            if (added)
            {
                audit.Append(connection, transaction, new AuditRecord(actor, "person.add", person.PersonId, "added",
                    $"{person.Login} {person.Kind} {person.MemberId ?? "secretariat"}{(person.ContactId is null ? "" : " from " + person.ContactId)}"));
            }

            return added;
        }, cancellationToken);
    }

    public Task<PersonRecord?> GetAsync(string personId, CancellationToken cancellationToken) => One("person_id = $key", personId, cancellationToken);

    /// <summary>The person whose login this is, compared case-insensitively; null when none.</summary>
    public Task<PersonRecord?> FindByLoginAsync(string login, CancellationToken cancellationToken) => One("login = $key", login, cancellationToken);

    /// <summary>Every person, or those of one member, ordered by login.</summary>
    public Task<IReadOnlyList<PersonRecord>> ListAsync(string? memberId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<PersonRecord>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null,
                $"SELECT {Columns} FROM people {(memberId is null ? "" : "WHERE member_id = $member ")}ORDER BY login");
            return Read(command.With("$member", memberId));
        }, cancellationToken);

    /// <summary>
    /// Disables or enables the person ("person.disable" / "person.enable"). Disabling gives a new session stamp, so every
    /// open session ends; enabling clears the failed attempts and the lockout. Null when unknown.
    /// </summary>
    public Task<PersonRecord?> SetDisabledAsync(string personId, bool disabled, string newStamp, string actor, CancellationToken cancellationToken) =>
        Change(personId, actor, disabled ? "person.disable" : "person.enable", disabled ? "disabled" : "enabled",
            disabled
                ? "UPDATE people SET disabled = 1, session_stamp = $stamp WHERE person_id = $id"
                : "UPDATE people SET disabled = 0, failed_count = 0, locked_until = NULL WHERE person_id = $id",
            command => command.With("$stamp", newStamp), cancellationToken);

    /// <summary>New password and TOTP secret ("person.reset"): a new session stamp, failed attempts and lockout cleared. Null when unknown.</summary>
    public Task<PersonRecord?> ResetAsync(string personId, string passwordHash, string totpSecret, string newStamp, string actor, CancellationToken cancellationToken) =>
        Change(personId, actor, "person.reset", "reset",
            "UPDATE people SET password_hash = $hash, totp_secret = $secret, totp_last_step = 0, session_stamp = $stamp, failed_count = 0, locked_until = NULL WHERE person_id = $id",
            command => command.With("$hash", passwordHash).With("$secret", totpSecret).With("$stamp", newStamp), cancellationToken);

    /// <summary>The person's own new password ("person.password"): a new session stamp. Null when unknown.</summary>
    public Task<PersonRecord?> ChangePasswordAsync(string personId, string passwordHash, string newStamp, CancellationToken cancellationToken) =>
        Change(personId, null, "person.password", "changed",
            "UPDATE people SET password_hash = $hash, session_stamp = $stamp WHERE person_id = $id",
            command => command.With("$hash", passwordHash).With("$stamp", newStamp), cancellationToken);

    /// <summary>Stores the language choice ("ja", "en" or null); not audited, as it changes nothing anyone is allowed to do.</summary>
    public Task<bool> SetLanguageAsync(string personId, string? language, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using var command = SqlHelpers.Command(connection, transaction, "UPDATE people SET language = $language WHERE person_id = $id");
            return command.With("$language", language).With("$id", personId).ExecuteNonQuery() == 1;
        }, cancellationToken);

    /// <summary>
    /// Records a successful sign-in ("person.signin") when the code's step is later than the last one accepted, the person
    /// is enabled and not locked out, all checked in the write itself so two requests with one code cannot both pass.
    /// Returns the person as stored after it, or null when the code was a replay (or the account changed meanwhile).
    /// </summary>
    public Task<PersonRecord?> RecordSignInAsync(string personId, long step, DateTimeOffset now, string remote, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using (var update = SqlHelpers.Command(connection, transaction,
                "UPDATE people SET totp_last_step = $step, failed_count = 0, locked_until = NULL, last_sign_in_at = $now " +
                "WHERE person_id = $id AND totp_last_step < $step AND disabled = 0 AND (locked_until IS NULL OR locked_until <= $now)"))
            {
                if (update.With("$step", step).With("$now", SqlHelpers.UnixMs(now)).With("$id", personId).ExecuteNonQuery() != 1)
                {
                    return null;
                }
            }

            var person = Select(connection, transaction, personId)!;
            audit.Append(connection, transaction, new AuditRecord(Actor(person), "person.signin", personId, "signed-in", "remote=" + remote));
            return person;
        }, cancellationToken);

    /// <summary>
    /// Records a refused attempt ("person.signin.refused", with <paramref name="reason"/> and the remote address). With
    /// <paramref name="counted"/>, the attempt counts towards the lockout: at <paramref name="maxFailed"/> failures the
    /// account is locked until <paramref name="now"/> + <paramref name="lockFor"/> and the count starts again. Returns the
    /// lockout end when the account is now locked, else null.
    /// </summary>
    public Task<DateTimeOffset?> RecordRefusalAsync(
        PersonRecord? person, string login, string reason, string remote, bool counted, int maxFailed, TimeSpan lockFor, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
        {
            DateTimeOffset? lockedUntil = null;
            var detail = $"reason={reason} remote={remote}";
            if (person is not null && counted)
            {
                var until = SqlHelpers.TruncateToMs(now + lockFor);
                using var update = SqlHelpers.Command(connection, transaction,
                    "UPDATE people SET failed_count = CASE WHEN failed_count + 1 >= $max THEN 0 ELSE failed_count + 1 END, " +
                    "locked_until = CASE WHEN failed_count + 1 >= $max THEN $until ELSE locked_until END WHERE person_id = $id RETURNING locked_until");
                var stored = update.With("$max", maxFailed).With("$until", SqlHelpers.UnixMs(until)).With("$id", person.PersonId).ExecuteScalar();
                if (stored is long ms && ms == SqlHelpers.UnixMs(until))
                {
                    lockedUntil = until;
                    detail += $" locked-until={until:O}";
                }
            }

            audit.Append(connection, transaction, new AuditRecord(person is null ? "person:?" : Actor(person), "person.signin.refused",
                person?.PersonId ?? "login:" + login, "refused", detail));
            return lockedUntil;
        }, cancellationToken);

    private static string Actor(PersonRecord person) => "person:" + person.Login;

    private Task<PersonRecord?> Change(
        string personId, string? actor, string action, string outcome, string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using (var update = SqlHelpers.Command(connection, transaction, sql))
            {
                bind(update.With("$id", personId));
                if (update.ExecuteNonQuery() != 1)
                {
                    return null;
                }
            }

            var person = Select(connection, transaction, personId)!;
            audit.Append(connection, transaction, new AuditRecord(actor ?? Actor(person), action, personId, outcome, $"{person.Login} {person.Kind} {person.MemberId ?? "secretariat"}"));
            return person;
        }, cancellationToken);

    private Task<PersonRecord?> One(string where, string key, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, $"SELECT {Columns} FROM people WHERE {where}");
            return Read(command.With("$key", key)).FirstOrDefault();
        }, cancellationToken);

    private static PersonRecord? Select(SqliteConnection connection, SqliteTransaction transaction, string personId)
    {
        using var command = SqlHelpers.Command(connection, transaction, $"SELECT {Columns} FROM people WHERE person_id = $id");
        return Read(command.With("$id", personId)).FirstOrDefault();
    }

    private static List<PersonRecord> Read(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new List<PersonRecord>();
        while (reader.Read())
        {
            result.Add(new PersonRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetStringOrNull(3), reader.GetString(4), reader.GetStringOrNull(5),
                reader.GetString(6), reader.GetString(7), reader.GetInt64(8), reader.GetString(9), reader.GetInt32(10), reader.GetTimeOrNull(11),
                reader.GetInt64(12) == 1, reader.GetStringOrNull(13), SqlHelpers.FromUnixMs(reader.GetInt64(14)), reader.GetTimeOrNull(15)));
        }

        return result;
    }
}
