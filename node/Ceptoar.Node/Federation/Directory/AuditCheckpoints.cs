using Ceptoar.Core.Envelopes;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Federation.Directory;

/// <summary>
/// Signed checkpoints of an audit chain (docs/LIFECYCLE.md §4): the node signs its chain's head (seq, hash, time) as an
/// AuditCheckpoint envelope; a hub keeps what it verified; the node later checks its chain still has each.
/// </summary>
internal static class AuditCheckpoints
{
    public static Envelope Sign(EnvelopeSigner signer, long seq, string hash, DateTimeOffset at) =>
        signer.Sign(PayloadTypes.AuditCheckpoint, new AuditCheckpoint
        {
            NodeId = signer.NodeId,
            Seq = (ulong)seq,
            Hash = hash,
            SignedAt = Timestamp.FromDateTimeOffset(at),
        }.ToByteString());

    /// <summary>The checkpoint when the envelope verifies, is signed by expectedNode and is well formed; otherwise why not (English, for the peer and the audit log).</summary>
    public static (AuditCheckpoint? Checkpoint, string Problem) Open(EnvelopeVerifier verifier, Envelope? envelope, string expectedNode)
    {
        if (envelope is null)
        {
            return (null, "is missing: send the signed AuditCheckpoint envelope");
        }

        var check = verifier.Verify(envelope);
        if (!check.IsValid)
        {
            return (null, "does not verify: " + check.Reason);
        }

        if (check.Signer!.NodeId != expectedNode)
        {
            return (null, $"is signed by '{check.Signer.NodeId}', not by '{expectedNode}': a node sends only checkpoints of its own chain");
        }

        AuditCheckpoint checkpoint;
        try
        {
            checkpoint = AuditCheckpoint.Parser.ParseFrom(envelope.Payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            return (null, "is not an AuditCheckpoint: " + e.Message);
        }

        if (checkpoint.NodeId != expectedNode)
        {
            return (null, $"names node '{Cut(checkpoint.NodeId)}' but is signed by '{expectedNode}'");
        }

        if (checkpoint.Seq is 0 or > long.MaxValue)
        {
            return (null, "has no valid seq: the head of a chain with at least one entry is 1 or more");
        }

        if (checkpoint.Hash.Length != 64 || !checkpoint.Hash.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            return (null, "has no valid hash: expected 64 lowercase hex characters");
        }

        return checkpoint.SignedAt is null ? (null, "has no signed_at time") : (checkpoint, "");
    }

    private static string Cut(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
