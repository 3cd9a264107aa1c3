using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Ceptoar.Node.Storage;

/// <summary>The outcome of adding a member.</summary>
public enum AddMemberResult
{
    Created,
    AlreadyExists,
}

/// <summary>Members and their API keys. Active keys are also held in memory (this process is the only writer) so authentication reads no file.</summary>
/// <remarks>
/// The caches hold every member and every key (revoked ones too, so Lookup can say "revoked" rather than "unknown").
/// They change only on the writer thread, after the change's transaction committed, in commit order; Lookup reads them
/// without locks. One MemberStore per NodeDatabase.
/// </remarks>
public sealed class MemberStore
{
    private const int KeyIdAttempts = 5;

    private readonly NodeDatabase _database;
    private readonly AuditLog _audit;
    private readonly ConcurrentDictionary<string, CachedKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MemberRecord> _members = new(StringComparer.Ordinal);

    private MemberStore(NodeDatabase database, AuditLog audit)
    {
        _database = database;
        _audit = audit;
    }

    /// <summary>Loads the key cache from the database.</summary>
    public static Task<MemberStore> OpenAsync(NodeDatabase database, AuditLog audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(audit);
        return database.ReadAsync(connection =>
        {
            var store = new MemberStore(database, audit);
            foreach (var member in MemberSql.ListMembers(connection, includeDisabled: true))
            {
                store._members[member.MemberId] = member;
            }

            foreach (var (key, sha256) in MemberSql.ListKeys(connection, memberId: null))
            {
                store._keys[key.KeyId] = new CachedKey(key, sha256);
            }

            return store;
        }, cancellationToken);
    }

    /// <summary>Adds a member with a "member.add" audit entry (actor given).</summary>
    public Task<AddMemberResult> AddAsync(MemberRecord member, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentException.ThrowIfNullOrEmpty(member.MemberId, nameof(member));
        ArgumentNullException.ThrowIfNull(member.Tags, nameof(member));
        ArgumentException.ThrowIfNullOrEmpty(actor);

        // Store and cache exactly what a later read returns (millisecond times, a private copy of the tags).
        var stored = member with
        {
            Tags = [.. member.Tags],
            CreatedAt = SqlHelpers.TruncateToMs(member.CreatedAt),
            DisabledAt = member.DisabledAt is { } at ? SqlHelpers.TruncateToMs(at) : null,
        };
        return _database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using var insert = SqlHelpers.Command(connection, transaction,
                "INSERT INTO members (member_id, name_ja, name_en, sector, tags, contact_email, created_at, disabled, disabled_at, disabled_reason, language) " +
                "VALUES ($id, $ja, $en, $sector, $tags, $email, $created, $disabled, $disabledAt, $reason, $language) ON CONFLICT (member_id) DO NOTHING");
            var inserted = insert.With("$id", stored.MemberId).With("$ja", stored.NameJa).With("$en", stored.NameEn)
                .With("$sector", stored.Sector).With("$tags", MemberSql.TagsToJson(stored.Tags)).With("$email", stored.ContactEmail)
                .With("$created", SqlHelpers.UnixMs(stored.CreatedAt)).With("$disabled", stored.Disabled ? 1 : 0)
                .With("$disabledAt", SqlHelpers.UnixMs(stored.DisabledAt)).With("$reason", stored.DisabledReason).With("$language", stored.Language)
                .ExecuteNonQuery();
            if (inserted == 0)
            {
                return AddMemberResult.AlreadyExists;
            }

            _audit.Append(connection, transaction, new AuditRecord(actor, "member.add", stored.MemberId, "created", $"sector={stored.Sector}"));
            _database.Writer.AfterCommit(() => _members[stored.MemberId] = stored);
            return AddMemberResult.Created;
        }, cancellationToken);
    }

    public Task<MemberRecord?> GetAsync(string memberId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        return _database.ReadAsync(connection => MemberSql.GetMember(connection, null, memberId), cancellationToken);
    }

    /// <summary>
    /// The enabled members as committed, ordered by id, from memory: for delivery decisions, which are made for every
    /// item (the cache changes only after a member change committed, like the database).
    /// </summary>
    public IReadOnlyList<MemberRecord> Enabled() => [.. _members.Values.Where(m => !m.Disabled).OrderBy(m => m.MemberId, StringComparer.Ordinal)];

    public Task<IReadOnlyList<MemberRecord>> ListAsync(bool includeDisabled, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<MemberRecord>>(connection => MemberSql.ListMembers(connection, includeDisabled), cancellationToken);

    /// <summary>Disables a member (null if unknown) with an audit entry; its keys stop working at once. Disabling twice keeps the first time and reason.</summary>
    public Task<MemberRecord?> DisableAsync(string memberId, string reason, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return _database.Writer.ExecuteAsync((connection, transaction) =>
        {
            var current = MemberSql.GetMember(connection, transaction, memberId);
            if (current is null || current.Disabled)
            {
                return current;
            }

            var disabled = current with { Disabled = true, DisabledAt = Now(), DisabledReason = reason };
            using (var update = SqlHelpers.Command(connection, transaction,
                "UPDATE members SET disabled = 1, disabled_at = $at, disabled_reason = $reason WHERE member_id = $id"))
            {
                update.With("$at", SqlHelpers.UnixMs(disabled.DisabledAt)).With("$reason", reason).With("$id", memberId).ExecuteNonQuery();
            }

            _audit.Append(connection, transaction, new AuditRecord(actor, "member.disable", memberId, "disabled", reason));
            _database.Writer.AfterCommit(() => _members[memberId] = disabled);
            return disabled;
        }, cancellationToken);
    }

    /// <summary>
    /// Issues an API key for an existing, enabled member: returns the record and the secret string
    /// "ck_&lt;key-id&gt;_&lt;43-char base64url of 32 random bytes&gt;", storing only SHA-256 of the whole string.
    /// Null when the member is unknown or disabled.
    /// </summary>
    public Task<(ApiKeyRecord Key, string Secret)?> IssueKeyAsync(string memberId, string label, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return _database.Writer.ExecuteAsync<(ApiKeyRecord Key, string Secret)?>((connection, transaction) =>
        {
            var member = MemberSql.GetMember(connection, transaction, memberId);
            if (member is null || member.Disabled)
            {
                return null;
            }

            var createdAt = Now();
            using var insert = SqlHelpers.Command(connection, transaction,
                "INSERT INTO api_keys (key_id, member_id, label, sha256, created_at) VALUES ($id, $member, $label, $sha256, $created) ON CONFLICT DO NOTHING");
            var id = insert.Parameters.AddWithValue("$id", "");
            var sha256 = insert.Parameters.AddWithValue("$sha256", Array.Empty<byte>());
            insert.With("$member", memberId).With("$label", label).With("$created", SqlHelpers.UnixMs(createdAt));
            for (var attempt = 0; attempt < KeyIdAttempts; attempt++)
            {
                // 48 random bits of key id: a clash is very unlikely but costs only another draw.
                var keyId = ApiKeySecret.NewKeyId();
                var secret = ApiKeySecret.NewSecret(keyId);
                var hash = ApiKeySecret.Hash(secret);
                id.Value = keyId;
                sha256.Value = hash;
                if (insert.ExecuteNonQuery() == 1)
                {
                    var key = new ApiKeyRecord(keyId, memberId, label, createdAt);
                    _audit.Append(connection, transaction, new AuditRecord(actor, "key.issue", keyId, "issued", $"member={memberId} label={label}"));
                    _database.Writer.AfterCommit(() => _keys[keyId] = new CachedKey(key, hash));
                    return (key, secret);
                }
            }

            throw new InvalidOperationException($"Could not draw an unused API key id in {KeyIdAttempts} attempts; the random number generator looks broken.");
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string? memberId, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<ApiKeyRecord>>(
            connection => [.. MemberSql.ListKeys(connection, memberId).Select(row => row.Key)], cancellationToken);

    /// <summary>Revokes a key (null if unknown) with an audit entry; it stops working at once. Revoking twice keeps the first time and reason.</summary>
    public Task<ApiKeyRecord?> RevokeKeyAsync(string keyId, string reason, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return _database.Writer.ExecuteAsync((connection, transaction) =>
        {
            if (MemberSql.GetKey(connection, transaction, keyId) is not var (current, sha256))
            {
                return null;
            }

            if (current.Revoked)
            {
                return current;
            }

            var revoked = current with { Revoked = true, RevokedAt = Now(), RevokedReason = reason };
            using (var update = SqlHelpers.Command(connection, transaction,
                "UPDATE api_keys SET revoked_at = $at, revoked_reason = $reason WHERE key_id = $id"))
            {
                update.With("$at", SqlHelpers.UnixMs(revoked.RevokedAt)).With("$reason", reason).With("$id", keyId).ExecuteNonQuery();
            }

            _audit.Append(connection, transaction, new AuditRecord(actor, "key.revoke", keyId, "revoked", reason));
            _database.Writer.AfterCommit(() => _keys[keyId] = new CachedKey(revoked, sha256));
            return (ApiKeyRecord?)revoked;
        }, cancellationToken);
    }

    /// <summary>
    /// In-memory lookup of a presented secret (hashed here, compared in constant time); null if no such key.
    /// Returns revoked keys and disabled members too: the caller decides what to answer.
    /// </summary>
    public ApiKeyLookup? Lookup(string presentedSecret)
    {
        if (string.IsNullOrEmpty(presentedSecret)
            || ApiKeySecret.TryGetKeyId(presentedSecret) is not { } keyId
            || !_keys.TryGetValue(keyId, out var cached))
        {
            return null;
        }

        // The key id only finds the candidate; the secret is proven by its hash, compared without early exit.
        if (!CryptographicOperations.FixedTimeEquals(ApiKeySecret.Hash(presentedSecret), cached.Sha256))
        {
            return null;
        }

        return _members.TryGetValue(cached.Key.MemberId, out var member) ? new ApiKeyLookup(cached.Key, member) : null;
    }

    /// <summary>
    /// The committed state of a key already authenticated, and of its member, from memory: for calls that stay open
    /// after their key was checked and must notice a revocation or a disabled member. Null if the key id is unknown.
    /// </summary>
    public ApiKeyLookup? Current(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return _keys.TryGetValue(keyId, out var cached) && _members.TryGetValue(cached.Key.MemberId, out var member)
            ? new ApiKeyLookup(cached.Key, member)
            : null;
    }

    private DateTimeOffset Now() => SqlHelpers.TruncateToMs(_database.Clock.GetUtcNow());

    private sealed record CachedKey(ApiKeyRecord Key, byte[] Sha256);
}
