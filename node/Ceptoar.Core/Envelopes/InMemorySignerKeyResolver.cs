using System.Collections.Concurrent;

namespace Ceptoar.Core.Envelopes;

/// <summary>A thread-safe signer key table in memory: the node's own key, keys from verified descriptors, test keys.</summary>
public sealed class InMemorySignerKeyResolver : ISignerKeyResolver
{
    private readonly ConcurrentDictionary<string, SignerKey> _keys = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, DateTimeOffset> _revoked = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

    public InMemorySignerKeyResolver(params IEnumerable<SignerKey> keys)
    {
        foreach (var key in keys)
        {
            Add(key);
        }
    }

    /// <summary>Adds a key, replacing any key with the same id (so a retirement or revocation can be recorded).</summary>
    public void Add(SignerKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _keys[key.KeyId] = key;
    }

    /// <summary>Removes the key with this id; true if there was one.</summary>
    public bool Remove(string keyId) => _keys.TryRemove(keyId, out _);

    /// <summary>
    /// Replaces the revocation times (key id → revoked at) laid over every key this table resolves, whenever the key was
    /// added or learned again: a revocation comes from the federation's revocation list, not from the key's descriptor.
    /// </summary>
    public void SetRevocations(IReadOnlyDictionary<string, DateTimeOffset> revokedAt)
    {
        ArgumentNullException.ThrowIfNull(revokedAt);
        Volatile.Write(ref _revoked, new Dictionary<string, DateTimeOffset>(revokedAt, StringComparer.Ordinal));
    }

    public SignerKey? Resolve(string keyId)
    {
        if (!_keys.TryGetValue(keyId, out var key))
        {
            return null;
        }

        // The earlier of the two times wins: a list can only bring a revocation forward, never lift one.
        return Volatile.Read(ref _revoked).TryGetValue(keyId, out var at) && (key.RevokedAt is null || at < key.RevokedAt)
            ? key with { RevokedAt = at }
            : key;
    }
}
