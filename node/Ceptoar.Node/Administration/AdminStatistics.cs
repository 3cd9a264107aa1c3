using Ceptoar.Federation.V1;
using Ceptoar.Node.Statistics;

namespace Ceptoar.Node.Administration;

/// <summary>The statistics part of the admin API: sharing statistics per sector and CEPTOAR (docs/CONSOLE.md §5).</summary>
internal sealed class AdminStatistics(SharingStatistics statistics)
{
    public Task<SharingStatisticsResponse> SharingAsync(SharingStatisticsRequest request, CancellationToken cancellationToken) =>
        statistics.ComputeAsync(request, cancellationToken);
}
