using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Envelopes;

/// <summary>Signs payloads into DSSE envelopes with one node key.</summary>
public sealed class EnvelopeSigner
{
    private readonly Ed25519KeyPair _key;

    public EnvelopeSigner(string nodeId, Ed25519KeyPair key)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        ArgumentNullException.ThrowIfNull(key);
        if (!Identifiers.IsValidNodeId(nodeId))
        {
            throw new ArgumentException($"'{nodeId}' is not a valid node id: use 2 to 63 characters of a-z, 0-9 and '-', starting with a letter.", nameof(nodeId));
        }

        NodeId = nodeId;
        _key = key;
        KeyId = SignerKey.KeyIdFor(nodeId, key.PublicKey);
    }

    public string NodeId { get; }

    public string KeyId { get; }

    /// <summary>The signer key record for this node's own key (for the local resolver).</summary>
    public SignerKey AsSignerKey() => new(KeyId, NodeId, _key.PublicKey);

    /// <summary>An envelope of payloadType over payload, signed over PAE. Thread-safe.</summary>
    public Envelope Sign(string payloadType, ByteString payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        ArgumentNullException.ThrowIfNull(payload);
        var signature = _key.Sign(Pae.Encode(payloadType, payload.Span));
        return new Envelope
        {
            PayloadType = payloadType,
            Payload = payload,
            Signatures = { new Signature { KeyId = KeyId, Sig = ByteString.CopyFrom(signature) } },
        };
    }
}
