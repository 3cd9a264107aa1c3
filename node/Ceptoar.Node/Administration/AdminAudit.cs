using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Administration;

/// <summary>The audit part of the admin API: reading the log and verifying its hash chain.</summary>
internal sealed class AdminAudit(AuditLog audit)
{
    /// <summary>Entries per page when the request sets no limit.</summary>
    private const int DefaultPage = 100;

    public async Task<ListAuditResponse> ListAsync(ListAuditRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request);
        var entries = await audit.ListAsync(
            (long)Math.Min(request.AfterSeq, long.MaxValue),
            request.Limit == 0 ? DefaultPage : (int)request.Limit,
            string.IsNullOrEmpty(request.Action) ? null : request.Action,
            cancellationToken);
        var response = new ListAuditResponse();
        response.Entries.AddRange(entries.Select(AdminViews.Audit));
        return response;
    }

    public async Task<VerifyAuditResponse> VerifyAsync(CancellationToken cancellationToken)
    {
        var result = await audit.VerifyAsync(cancellationToken);
        return new VerifyAuditResponse
        {
            Valid = result.Valid,
            EntriesChecked = (ulong)result.EntriesChecked,
            FirstBadSeq = (ulong)Math.Max(0, result.FirstBadSeq),
            Problem = result.Problem,
        };
    }
}
