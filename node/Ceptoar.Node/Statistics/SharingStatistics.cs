using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Statistics;

/// <summary>
/// Sharing statistics per sector and CEPTOAR (issue 18 §4, docs/CONSOLE.md §5), computed from what this node holds: one
/// aggregate read of the store, the origins' sectors from the node directory, months in Node:TimeZone. Only counts leave
/// it; the admin API and the web console both ask here.
/// </summary>
internal sealed class SharingStatistics(SharingStatsStore store, ISharingOrigins origins, NodeOptions node, Vocabulary vocabulary, TimeProvider time)
{
    /// <summary>The statistics the request asks for; a bad request is InvalidArgument naming the field (SharingPeriod).</summary>
    public async Task<SharingStatisticsResponse> ComputeAsync(SharingStatisticsRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var zone = node.Zone;
        var period = SharingPeriod.Parse(request, now, zone);
        var counts = await store.CountAsync(period.Months, cancellationToken);
        var response = SharingTally.Build(period, counts, origins.All(), vocabulary, node.Id);
        response.TimeZone = node.TimeZone;
        response.ComputedAt = Timestamp.FromDateTimeOffset(now);
        return response;
    }
}
