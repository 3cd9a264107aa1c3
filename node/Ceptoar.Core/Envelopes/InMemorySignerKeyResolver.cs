using System.Collections.Concurrent;

namespace Ceptoar.Core.Envelopes;

/// <summary>A thread-safe signer key table in memory: the node's own key, keys from verified descriptors, test keys.</summary>
public sealed class InMemorySignerKeyResolver : ISignerKeyResolver
{
    private readonly ConcurrentDictionary<string, SignerKey> _keys = new(StringComparer.Ordinal);

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

    public SignerKey? Resolve(string keyId) => _keys.TryGetValue(keyId, out var key) ? key : null;
}
