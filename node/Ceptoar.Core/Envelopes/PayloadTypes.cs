namespace Ceptoar.Core.Envelopes;

/// <summary>The envelope payload types this federation defines.</summary>
public static class PayloadTypes
{
    public const string Item = "application/vnd.ceptoar.item.v1+protobuf";
    public const string Receipt = "application/vnd.ceptoar.receipt.v1+protobuf";
    public const string Descriptor = "application/vnd.ceptoar.descriptor.v1+protobuf";

    /// <summary>A SealedItem (sealed.proto): an item envelope encrypted to its recipient nodes, signed by the origin.</summary>
    public const string Sealed = "application/vnd.ceptoar.sealed.v1+protobuf";

    /// <summary>A SignedQuery (query.proto), signed by the asking node.</summary>
    public const string Query = "application/vnd.ceptoar.query.v1+protobuf";

    /// <summary>A QueryAnswer (query.proto), signed by the answering node.</summary>
    public const string QueryAnswer = "application/vnd.ceptoar.query-answer.v1+protobuf";

    /// <summary>An AuditCheckpoint (federation.proto): the head of a node's audit chain, signed by that node (docs/LIFECYCLE.md §4).</summary>
    public const string AuditCheckpoint = "application/vnd.ceptoar.audit-checkpoint.v1+protobuf";
}
