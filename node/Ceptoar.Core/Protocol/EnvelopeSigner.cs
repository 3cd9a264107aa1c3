using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Protocol;

/// <summary>Signs payloads into DSSE envelopes with one node key.</summary>
public sealed class EnvelopeSigner
{
    public EnvelopeSigner(string nodeId, Ed25519KeyPair key) => throw new NotImplementedException();

    public string NodeId => throw new NotImplementedException();

    public string KeyId => throw new NotImplementedException();

    /// <summary>The signer key record for this node's own key (for the local resolver).</summary>
    public SignerKey AsSignerKey() => throw new NotImplementedException();

    /// <summary>An envelope of payloadType over payload, signed over PAE. Thread-safe.</summary>
    public Envelope Sign(string payloadType, ByteString payload) => throw new NotImplementedException();
}
