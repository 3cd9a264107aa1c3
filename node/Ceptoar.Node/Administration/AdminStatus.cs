using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Rules;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>The status part of the admin API: identity, counts, endpoints, certificate expiry, known nodes, the federation's mode.</summary>
internal sealed class AdminStatus(NodeOptions node, NodeStarted started, NodeCredentials credentials, ItemStore items, NodeDirectory directory, ListenerAddresses addresses, CurrentMode mode, AdminRevocations revocations)
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
            Mode = mode.State.Mode,
        };
        // The mode as this node holds it (docs/MODES.md §4): normal until it acts on a NISC-signed change.
        if (mode.State.IsLargeScale)
        {
            status.ModeScopeSectors.AddRange(mode.State.ScopeSectors);
            status.ModeSince = Timestamp.FromDateTimeOffset(mode.State.Since);
            status.ModePeriodId = mode.State.PeriodId;
            status.ModeReportEveryMinutes = mode.State.ReportEveryMinutes;
        }
        else if (mode.State.Since != DateTimeOffset.MinValue)
        {
            status.ModeSince = Timestamp.FromDateTimeOffset(mode.State.Since);
        }

        revocations.AddTo(status);
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
