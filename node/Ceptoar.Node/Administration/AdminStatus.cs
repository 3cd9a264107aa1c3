using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>The status part of the admin API: identity, counts, endpoints, certificate expiry, known nodes.</summary>
internal sealed class AdminStatus(NodeOptions node, NodeStarted started, NodeCredentials credentials, ItemStore items, NodeDirectory directory, ListenerAddresses addresses)
{
    public async Task<NodeStatus> GetAsync(CancellationToken cancellationToken)
    {
        var counts = await items.CountAsync(cancellationToken);
        var status = new NodeStatus
        {
            NodeId = node.Id,
            Role = node.Role,
            Version = typeof(AdminStatus).Assembly.GetName().Version?.ToString() ?? "",
            StartedAt = Timestamp.FromDateTimeOffset(started.At),
            Items = (ulong)counts.Items,
            ExerciseItems = (ulong)counts.ExerciseItems,
            Members = (ulong)counts.Members,
            AuditEntries = (ulong)counts.AuditEntries,
            DatabaseBytes = (ulong)counts.DatabaseBytes,
            DataDir = node.DataDir,
            TlsCertificateExpires = Timestamp.FromDateTimeOffset(credentials.TlsCertificate.NotAfter.ToUniversalTime()),
            SigningCertificateExpires = Timestamp.FromDateTimeOffset(credentials.SigningCertificate.NotAfter.ToUniversalTime()),
            LastCursor = (ulong)counts.LastSeq,
        };
        status.KnownNodes.AddRange(directory.Entries().Select(e => e.Descriptor.NodeId));
        if (addresses.Member is { } member)
        {
            status.MemberEndpoints.Add($"https://{member.IPEndPoint}");
        }

        if (addresses.Federation is { } federation)
        {
            status.FederationEndpoints.Add($"https://{federation.IPEndPoint}");
        }

        return status;
    }
}
