using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Drills;

/// <summary>Exercises never mix with real work (docs/DRILLS.md §6): a member may stream real work only, and the node's counts keep exercises apart.</summary>
public sealed class ExerciseApartTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("data"));

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Subscribe_ExcludeExercise_ExerciseItemsAndDrillsSkipped_RealItemArrives()
    {
        var submitter = _node.Member(await _node.AddMemberWithKeyAsync("mizuho-bank"));
        var reader = _node.Member(await _node.AddMemberWithKeyAsync("resona-bank"));
        var exercise = Drafts.Incident(Tlp.Green, "[訓練] exercise item");
        exercise.Exercise = true;
        await submitter.SubmitAsync(Drafts.Request(exercise));
        await _node.Admin.StartDrillAsync(new StartDrillRequest { ClientRequestId = "d-1", StaffName = "duty", InstructionJa = "確認してください。", InstructionEn = "Acknowledge." });
        var real = await submitter.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "real incident")));

        using var all = reader.Subscribe(new SubscribeRequest(), deadline: DateTime.UtcNow + Deadline);
        using var realOnly = reader.Subscribe(new SubscribeRequest { ExcludeExercise = true }, deadline: DateTime.UtcNow + Deadline);

        Assert.True(await realOnly.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(real.ItemId, realOnly.ResponseStream.Current.Item.Id);
        var everything = new List<MemberItem>();
        while (everything.Count < 3 && await all.ResponseStream.MoveNext(CancellationToken.None))
        {
            everything.Add(all.ResponseStream.Current);
        }

        Assert.Equal([true, true, false], everything.Select(i => i.Item.Exercise));
    }

    [Fact]
    public async Task GetStatus_RealItemAndDrill_CountedApart()
    {
        var submitter = _node.Member(await _node.AddMemberWithKeyAsync("mizuho-bank"));
        await submitter.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "real incident")));
        await _node.Admin.StartDrillAsync(new StartDrillRequest { ClientRequestId = "d-2", StaffName = "duty", InstructionJa = "確認してください。", InstructionEn = "Acknowledge." });

        var status = await _node.Admin.GetStatusAsync(new GetStatusRequest());

        Assert.Equal((1ul, 1ul), (status.Items, status.ExerciseItems));
    }
}
