namespace Ceptoar.Core.Protocol;

/// <summary>Stub until the crypto branch lands.</summary>
public sealed class InMemorySignerKeyResolver : ISignerKeyResolver
{
    public void Add(SignerKey key) => throw new NotImplementedException();

    public SignerKey? Resolve(string keyId) => throw new NotImplementedException();
}
