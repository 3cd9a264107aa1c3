namespace Ceptoar.Core.Protocol;

/// <summary>The envelope payload types this federation defines.</summary>
public static class PayloadTypes
{
    public const string Item = "application/vnd.ceptoar.item.v1+protobuf";
    public const string Receipt = "application/vnd.ceptoar.receipt.v1+protobuf";
    public const string Descriptor = "application/vnd.ceptoar.descriptor.v1+protobuf";
}
