using Grpc.Core;

namespace Ceptoar.Testing;

/// <summary>The node's gRPC methods with byte-array messages: a test can send bytes no generated client would.</summary>
internal static class RawMethods
{
    private static readonly Marshaller<byte[]> Identity = Marshallers.Create(b => b, b => b);

    public static readonly Method<byte[], byte[]> MemberSubmit =
        new(MethodType.Unary, "ceptoar.federation.v1.MemberService", "Submit", Identity, Identity);

    public static readonly Method<byte[], byte[]> MemberListStandingCopies =
        new(MethodType.Unary, "ceptoar.federation.v1.MemberService", "ListStandingCopies", Identity, Identity);

    /// <summary>Call headers that make a gRPC client send its request messages gzip-compressed.</summary>
    public static Metadata Gzip => new() { { "grpc-internal-encoding-request", "gzip" } };

    public static readonly Method<byte[], byte[]> FederationExchange =
        new(MethodType.DuplexStreaming, "ceptoar.federation.v1.FederationService", "Exchange", Identity, Identity);
}
