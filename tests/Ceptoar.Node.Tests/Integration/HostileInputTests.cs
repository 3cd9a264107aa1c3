using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// A bounded fuzz run against the member API of a real node: mutated drafts and mutated raw bytes of SubmitRequest, each
/// sent as is and gzip-compressed. Every call ends with a proper status (never Internal/Unknown), the compressed request
/// gets the answer of the uncompressed one, nothing invalid is stored, and the node stays healthy.
/// CEPTOAR_FUZZ_CASES scales the run, CEPTOAR_FUZZ_SEED varies it.
/// </summary>
[Trait("Category", "Fault")]
public sealed class HostileInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        // The run is about content, not the rate limit: a limit hit would hide what the validator says.
        _node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"), s =>
        {
            s["Limits:MemberRequestsPerSecond"] = "1000000";
            s["Limits:MemberBurst"] = "1000000";
        });
        var key = await _node.AddMemberWithKeyAsync("hostile-bank");
        _channel = Clients.MemberChannel(_node.Ready.MemberEndpoint!, _node.Root, key);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Submit_MutatedDrafts_ProperStatusNothingInvalidStoredNodeHealthy()
    {
        var seed = HostileInputTally.Seed();
        var rng = new Random(seed);
        var tally = new HostileInputTally("member Submit, mutated drafts");
        var client = new MemberService.MemberServiceClient(_channel);
        var accepted = new List<(string ItemId, string Input)>();

        for (var i = HostileInputTally.CaseCount(2_000); i > 0; i--)
        {
            var request = Drafts.Request(Drafts.Incident(Tlp.Green));
            var name = HostileInputMessages.MutateRequest(rng, request);
            var input = $"{name}: {HostileInputBytes.Describe(request.ToByteArray())}";
            // Each mutation twice: as is, then gzip-compressed (which must get the same answer; an accepted one is a duplicate).
            var answers = new List<string>();
            foreach (var variant in new[] { "", "gzip" })
            {
                try
                {
                    var response = await client.SubmitAsync(request, variant.Length == 0 ? null : RawMethods.Gzip, DateTime.UtcNow.AddSeconds(30));
                    tally.Count("OK", variant);
                    accepted.Add((response.ItemId, name));
                    answers.Add("OK");
                }
                catch (RpcException e)
                {
                    tally.Status(e.StatusCode, e.Status.Detail, $"{variant} {input}", variant: variant);
                    answers.Add($"{e.StatusCode} \"{e.Status.Detail}\"");
                }
            }

            tally.Same("gzip", answers[1], answers[0], input);
        }

        await AssertAcceptedItemsValidAsync(accepted, tally);
        output.WriteLine(tally.Summary(seed));
        Assert.Empty(tally.Findings);
        Assert.True(tally.Of("InvalidArgument") > 0, "the mutations never produced an invalid draft: the fuzzer is not doing its job");
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task Submit_RawByteMutations_ProperStatusNothingInvalidStoredNodeHealthy()
    {
        var seed = HostileInputTally.Seed();
        var rng = new Random(seed);
        var tally = new HostileInputTally("member Submit, raw bytes");
        var invoker = _channel.CreateCallInvoker();
        var accepted = new List<(string ItemId, string Input)>();

        for (var i = HostileInputTally.CaseCount(2_000); i > 0; i--)
        {
            var draft = Drafts.Incident(Tlp.Green);
            draft.Body.Title = HostileInputBytes.Sentinel;
            var valid = Drafts.Request(draft).ToByteArray();
            // Every fourth case puts invalid UTF-8 inside a nested string field, with every length prefix still right.
            var (name, bytes) = i % 4 == 0
                ? ("invalid-utf8-title", HostileInputBytes.PatchSentinel(valid, HostileInputBytes.InvalidUtf8[rng.Next(HostileInputBytes.InvalidUtf8.Length)])!)
                : HostileInputBytes.Mutate(rng, valid);
            var input = $"{name}: {HostileInputBytes.Describe(bytes)}";
            // The same bytes uncompressed, then gzip-compressed: the node must answer both alike.
            var answers = new List<string>();
            foreach (var variant in new[] { "", "gzip" })
            {
                try
                {
                    var options = new CallOptions(variant.Length == 0 ? null : RawMethods.Gzip, DateTime.UtcNow.AddSeconds(30));
                    var answer = await invoker.AsyncUnaryCall(RawMethods.MemberSubmit, null, options, bytes);
                    tally.Count("OK", variant);
                    accepted.Add((SubmitResponse.Parser.ParseFrom(answer).ItemId, input));
                    answers.Add("OK");
                }
                catch (RpcException e)
                {
                    tally.Status(e.StatusCode, e.Status.Detail, $"{variant} {input}", Parses(bytes), variant);
                    answers.Add($"{e.StatusCode} \"{e.Status.Detail}\"");
                }
            }

            tally.Same("gzip", answers[1], answers[0], input);
        }

        await AssertAcceptedItemsValidAsync(accepted, tally);
        output.WriteLine(tally.Summary(seed));
        Assert.Empty(tally.Findings);
        Assert.True(tally.Cases > tally.Of("OK"), "every raw mutation was accepted: the fuzzer is not doing its job");
        await AssertHealthyAsync();
    }

    /// <summary>Whatever the node said OK to must be a stored item that passes the node's own validator and signature check.</summary>
    private async Task AssertAcceptedItemsValidAsync(List<(string ItemId, string Input)> accepted, HostileInputTally tally)
    {
        var validator = _node.Services.GetRequiredService<ItemValidator>();
        foreach (var (itemId, input) in accepted)
        {
            var stored = await _node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = itemId });
            var violations = validator.ValidateItem(stored.Item);
            if (violations.Count > 0 || !stored.Verification.Valid)
            {
                tally.Finding($"accepted an invalid item {itemId} ({string.Join("; ", violations.Select(v => v.Field + ": " + v.Description))}{stored.Verification.Problem}) from {input}");
            }
        }
    }

    private static bool Parses(byte[] bytes)
    {
        try
        {
            SubmitRequest.Parser.ParseFrom(bytes);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }

    private async Task AssertHealthyAsync()
    {
        var health = await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var response = await new MemberService.MemberServiceClient(_channel).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "after the fuzz run")));
        Assert.False(response.Duplicate);
        var stored = await _node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = response.ItemId });
        Assert.Equal("after the fuzz run", stored.Item.Body.Title);
        Assert.True(stored.Verification.Valid, stored.Verification.Problem);
    }
}
