using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The federated query calls of the fake: the answer each test sets, and the request the CLI sent.</summary>
internal sealed partial class FakeAdminService
{
    public QueryItemsResponse QueryAnswer { get; set; } = new();

    public DirectoryView DirectoryAnswer { get; set; } = new();

    /// <summary>When set, QueryItems never answers, so the CLI's own deadline is what ends the call.</summary>
    public bool QueryHangs { get; set; }

    public QueryItemsRequest? LastQueryItems { get; private set; }

    /// <summary>The deadline the CLI gave the QueryItems call, as the server saw it.</summary>
    public DateTime? LastQueryCallDeadline { get; private set; }

    public override async Task<QueryItemsResponse> QueryItems(QueryItemsRequest request, ServerCallContext context)
    {
        LastQueryItems = request;
        LastQueryCallDeadline = context.Deadline;
        if (QueryHangs)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }

        return QueryAnswer;
    }

    public override Task<DirectoryView> GetDirectory(GetDirectoryRequest request, ServerCallContext context) =>
        Task.FromResult(DirectoryAnswer);
}
