using System.Collections.Concurrent;
using Ceptoar.Federation.V1;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>A node process killed with SIGKILL in the middle of a burst keeps every acknowledged submission, and nothing partial.</summary>
public sealed class DurabilityTests : IDisposable
{
    private const int Writers = 64;
    private const int KillAfterAcknowledged = 1500;
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Sigkill_DuringBurstOfSubmissions_EveryAcknowledgedSubmissionSurvivesAndNoneIsPartial()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var dataDir = _dir.Combine("data");
        await using var node = await NodeProcess.StartAsync(federation, "bank-ceptoar", dataDir);
        var key = await node.AddMemberWithKeyAsync("burst-bank");
        var member = node.Member(key);

        var acknowledged = new ConcurrentDictionary<string, string>(); // client_request_id -> item id
        var attempted = new ConcurrentDictionary<string, SubmitRequest>();
        using var stop = new CancellationTokenSource();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var request = Drafts.Request(Drafts.Incident(Tlp.Green, $"burst {w}-{i}"), $"burst-{w}-{i}");
                attempted[request.ClientRequestId] = request;
                try
                {
                    var answer = await member.SubmitAsync(request);
                    acknowledged[request.ClientRequestId] = answer.ItemId;
                    if (acknowledged.Count >= KillAfterAcknowledged)
                    {
                        enough.TrySetResult();
                    }
                }
                catch (RpcException)
                {
                    return; // the node is gone: this writer's last request may or may not have been stored
                }
            }
        })).ToList();

        await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await node.KillAsync();
        stop.Cancel();
        await Task.WhenAll(writers);
        Assert.True(acknowledged.Count >= KillAfterAcknowledged);
        // The kill landed mid-burst: some requests were in flight and never answered.
        Assert.True(attempted.Count > acknowledged.Count, "no request was in flight when the node was killed");

        Assert.Equal("ok", IntegrityCheck(Path.Combine(dataDir, "node.db")));
        await node.RestartAsync();
        var restarted = node.Member(key);

        // Every acknowledged submission is there, signed and whole.
        foreach (var (requestId, itemId) in acknowledged)
        {
            var item = await node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = itemId });
            Assert.True(item.Verification.Valid, item.Verification.Problem);
            Assert.Equal(itemId, item.Item.Id);
            Assert.Equal(attempted[requestId].Draft.Body.Title, item.Item.Body.Title);
        }

        // Retrying every attempted request (as a client would after a lost answer) never creates a second copy.
        var stored = await AllItemIdsAsync(node);
        foreach (var (requestId, request) in attempted)
        {
            var again = await restarted.SubmitAsync(request);
            if (acknowledged.TryGetValue(requestId, out var itemId))
            {
                Assert.True(again.Duplicate);
                Assert.Equal(itemId, again.ItemId);
            }
            else
            {
                Assert.Equal(stored.Contains(again.ItemId), again.Duplicate);
            }
        }

        var final = await AllItemIdsAsync(node);
        Assert.Equal(attempted.Count, final.Count);
        foreach (var id in final)
        {
            var item = await node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = id });
            Assert.True(item.Verification.Valid, item.Verification.Problem);
        }
    }

    private static async Task<HashSet<string>> AllItemIdsAsync(RunningNode node)
    {
        var ids = new HashSet<string>();
        var token = "";
        do
        {
            var page = await node.Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 500, PageToken = token });
            foreach (var item in page.Items)
            {
                Assert.True(ids.Add(item.ItemId), $"item {item.ItemId} listed twice");
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return ids;
    }

    private static string IntegrityCheck(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
