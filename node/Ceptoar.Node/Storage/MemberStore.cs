namespace Ceptoar.Node.Storage;

/// <summary>The outcome of adding a member.</summary>
public enum AddMemberResult
{
    Created,
    AlreadyExists,
}

/// <summary>Members and their API keys. Active keys are also held in memory (this process is the only writer) so authentication reads no file.</summary>
public sealed class MemberStore
{
    /// <summary>Loads the key cache from the database.</summary>
    public static Task<MemberStore> OpenAsync(NodeDatabase database, AuditLog audit, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Adds a member with a "member.add" audit entry (actor given).</summary>
    public Task<AddMemberResult> AddAsync(MemberRecord member, string actor, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<MemberRecord?> GetAsync(string memberId, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<MemberRecord>> ListAsync(bool includeDisabled, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Disables a member (null if unknown) with an audit entry; its keys stop working at once.</summary>
    public Task<MemberRecord?> DisableAsync(string memberId, string reason, string actor, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>
    /// Issues an API key for an existing, enabled member: returns the record and the secret string
    /// "ck_&lt;key-id&gt;_&lt;43-char base64url of 32 random bytes&gt;", storing only SHA-256 of the whole string.
    /// Null when the member is unknown or disabled.
    /// </summary>
    public Task<(ApiKeyRecord Key, string Secret)?> IssueKeyAsync(string memberId, string label, string actor, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string? memberId, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Revokes a key (null if unknown) with an audit entry; it stops working at once.</summary>
    public Task<ApiKeyRecord?> RevokeKeyAsync(string keyId, string reason, string actor, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>In-memory lookup of a presented secret (hashed here, compared in constant time); null if no such key.</summary>
    public ApiKeyLookup? Lookup(string presentedSecret) => throw new NotImplementedException();
}
