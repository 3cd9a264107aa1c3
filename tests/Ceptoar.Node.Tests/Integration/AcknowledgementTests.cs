using System.Text;
using Ceptoar.AdminCli;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// The real federation, started once for these tests: bank-ceptoar's member sends GREEN, AMBER+STRICT and RED items; they
/// cross a hub to electricity-ceptoar (Receipts:ShareMemberIdentity = names) and local-gov-ceptoar (the default, count),
/// each with three members. Members acknowledge through the member API, staff with `ceptoar-admin items ack`, and the
/// origin shows what each node chose to share. Who may acknowledge what is written out here, not asked of the policy.
/// </summary>
public sealed class AcknowledgementTests(AcknowledgementTests.Federation federation) : IClassFixture<AcknowledgementTests.Federation>
{
    private const string Bank = "bank-ceptoar";
    private const string Electricity = "electricity-ceptoar";
    private const string LocalGov = "local-gov-ceptoar";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private TestCluster Cluster => federation.Cluster;

    private RunningNode Origin => Cluster[Bank];

    [Fact]
    public async Task ItemsStatusMembers_TwoMembersAndStaffAtANodeSharingNames_OriginListsThreeWithNamesTimesAndNotes()
    {
        var item = await SubmitAsync(Tlp.Green, "GREEN: two members and the duty officer read it", new Audience { WholeFederation = true });
        await DeliveredAsync(item, Electricity);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var first = await federation.Members[Electricity][0].AcknowledgeAsync(new AcknowledgeRequest { ItemId = item, Note = "関西電力 SOC で確認" });
        var again = await federation.Members[Electricity][0].AcknowledgeAsync(new AcknowledgeRequest { ItemId = item, Note = "second time" });
        await federation.Members[Electricity][1].AcknowledgeAsync(new AcknowledgeRequest { ItemId = item });
        var staff = await RunAsync(Electricity, "items", "ack", item, "--as", "yamada.taro", "--note", "当番が確認");
        Assert.True(staff.Code == 0, staff.Error);
        Assert.Contains("staff:yamada.taro", staff.Output);

        Assert.True(again.AlreadyAcknowledged);
        Assert.Equal(first.AcknowledgedAt, again.AcknowledgedAt);
        var row = await AcknowledgedAsync(item, Electricity, 3);
        var after = DateTimeOffset.UtcNow.AddSeconds(1);
        Assert.Equal(["member:kansai-electric", "member:tepco", "staff:yamada.taro"], row.Acknowledgements.Select(a => a.By).Order(StringComparer.Ordinal));
        Assert.Equal((2u, 1u), (row.MembersAcknowledged, row.StaffAcknowledged));
        var kansai = row.Acknowledgements.Single(a => a.By == "member:kansai-electric");
        Assert.Equal(("kansai-electric株式会社", "kansai-electric Ltd.", "関西電力 SOC で確認"), (kansai.NameJa, kansai.NameEn, kansai.Note));
        Assert.Equal("当番が確認", row.Acknowledgements.Single(a => a.By == "staff:yamada.taro").Note);
        Assert.All(row.Acknowledgements, a => Assert.InRange(a.At.ToDateTimeOffset(), before, after));
        Assert.Equal(first.AcknowledgedAt.ToDateTimeOffset(), kansai.At.ToDateTimeOffset(), TimeSpan.FromSeconds(1));

        var status = await RunAsync(Bank, "items", "status", item, "--members", "--lang", "en", "--time-zone", "UTC");
        Assert.True(status.Code == 0, status.Error);
        Assert.Contains($"{Electricity}: 2 member(s) and 1 staff acknowledged", status.Output);
        Assert.Contains("kansai-electric Ltd.", status.Output);
        Assert.Contains("staff:yamada.taro", status.Output);
        Assert.Contains(kansai.At.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), status.Output);
        var japanese = await RunAsync(Bank, "items", "status", item, "--members", "--lang", "ja");
        Assert.Contains($"{Electricity}：会員 2 社、事務局 1 名が確認済み", japanese.Output);
        Assert.Contains("kansai-electric株式会社", japanese.Output);

        // Without --members the output is what it was: one row per node, the first acknowledgement, no list.
        var plain = await RunAsync(Bank, "items", "status", item, "--lang", "en");
        Assert.DoesNotContain("member(s) and", plain.Output);
        Assert.DoesNotContain("staff:yamada.taro", plain.Output);
    }

    [Fact]
    public async Task ItemsStatusMembers_NodeSharingCountsOnly_OriginCountsDistinctMembersAndHoldsNoMemberIdOrNote()
    {
        var item = await SubmitAsync(Tlp.Green, "GREEN: counted, not named", new Audience { WholeFederation = true });
        await DeliveredAsync(item, LocalGov);

        await federation.Members[LocalGov][0].AcknowledgeAsync(new AcknowledgeRequest { ItemId = item, Note = "secret-note-of-tokyo" });
        await federation.Members[LocalGov][0].AcknowledgeAsync(new AcknowledgeRequest { ItemId = item, Note = "secret-note-of-tokyo again" });
        await federation.Members[LocalGov][1].AcknowledgeAsync(new AcknowledgeRequest { ItemId = item });
        Assert.Equal(0, (await RunAsync(LocalGov, "items", "ack", item, "--as", "suzuki")).Code);

        var row = await AcknowledgedAsync(item, LocalGov, 3);
        Assert.Equal(["member", "member", "staff:suzuki"], row.Acknowledgements.Select(a => a.By).Order(StringComparer.Ordinal));
        Assert.Equal([1u, 2u], row.Acknowledgements.Where(a => a.By == "member").Select(a => a.MemberNumber).Order());
        Assert.Equal((2u, 1u), (row.MembersAcknowledged, row.StaffAcknowledged));
        Assert.All(row.Acknowledgements.Where(a => a.By == "member"), a => Assert.Equal(("", "", ""), (a.NameJa, a.NameEn, a.Note)));
        var status = await RunAsync(Bank, "items", "status", item, "--members", "--lang", "en");
        Assert.Contains("member #2 (not named by that node)", status.Output);

        // Nothing the origin stores or audits names the members of local-gov-ceptoar or carries their note.
        var audit = (await Origin.Admin.ListAuditAsync(new ListAuditRequest { Limit = 1000 })).Entries;
        foreach (var secret in federation.MemberIds[LocalGov].Append("secret-note-of-tokyo"))
        {
            Assert.DoesNotContain(audit, e => (e.Actor + e.Subject + e.Detail).Contains(secret, StringComparison.Ordinal));
            Assert.False(DatabaseContains(Bank, secret), $"{Bank}'s database files contain '{secret}'");
        }

        // The member ids are in local-gov-ceptoar's own files: the scan above would have found them.
        Assert.True(DatabaseContains(LocalGov, federation.MemberIds[LocalGov][0]));
    }

    [Fact]
    public async Task ItemsAck_AmberStrictAddressedToTheNode_StaffAcknowledgementRecordedAtOriginAndMembersCountedNowhere()
    {
        var strict = await SubmitAsync(Tlp.AmberStrict, "AMBER+STRICT for electricity-ceptoar's secretariat", new Audience { Nodes = { Electricity } });
        await DeliveredAsync(strict, Electricity);

        var member = await Assert.ThrowsAsync<RpcException>(() => federation.Members[Electricity][0].AcknowledgeAsync(new AcknowledgeRequest { ItemId = strict }).ResponseAsync);
        var staff = await RunAsync(Electricity, "items", "ack", strict, "--as", "sato");

        Assert.Equal(StatusCode.PermissionDenied, member.StatusCode);
        Assert.True(staff.Code == 0, staff.Error);
        var row = await AcknowledgedAsync(strict, Electricity, 1);
        Assert.Equal(("staff:sato", 0u, 1u), (row.Acknowledgements.Single().By, row.MembersAcknowledged, row.StaffAcknowledged));
        var audit = (await Cluster[Electricity].Admin.ListAuditAsync(new ListAuditRequest { Action = "item.acknowledge", Limit = 1000 })).Entries;
        Assert.Single(audit, e => e.Subject == strict && e.Actor == "staff:sato" && e.Outcome == "acknowledged");

        // A hub that carried it holds only the sealed copy: it is not addressed there, so its staff have nothing to acknowledge.
        var relays = (await StatusAsync(strict)).Recipients.Where(r => r.State == "relayed").Select(r => r.NodeId).ToList();
        Assert.NotEmpty(relays);
        var atHub = await Assert.ThrowsAsync<RpcException>(() => Cluster[relays[0]].Admin.AcknowledgeItemAsync(new AcknowledgeItemRequest { ItemId = strict, StaffName = "sato" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, atHub.StatusCode);
        Assert.Contains($"is not addressed to {relays[0]}, which only relays it", atHub.Status.Detail);
    }

    [Fact]
    public async Task Exchange_UnnamedMemberForAmberStrictAndOldStyleAndRepeatedPseudonym_RefusedOnceRecordedOnceCountedOnce()
    {
        // AMBER+STRICT reaches no member of local-gov-ceptoar; GREEN reaches all of them.
        var strict = await SubmitAsync(Tlp.AmberStrict, "AMBER+STRICT for local-gov-ceptoar only", new Audience { Nodes = { LocalGov } });
        var green = await SubmitAsync(Tlp.Green, "GREEN for local-gov-ceptoar", new Audience { Nodes = { LocalGov } });
        await DeliveredAsync(strict, LocalGov);
        await DeliveredAsync(green, LocalGov);
        var one = new string('a', 32);
        var two = new string('b', 32);

        using var council = CouncilAtOrigin();
        var ack = await council.SendAsync(
            Receipt(LocalGov, strict, "member", pseudonym: one),
            Receipt(LocalGov, green, "member:old-style-member"),
            Receipt(LocalGov, green, "member", pseudonym: one),
            Receipt(LocalGov, green, "member", pseudonym: one, at: DateTimeOffset.UtcNow.AddSeconds(-5)),
            Receipt(LocalGov, green, "member", pseudonym: two));

        Assert.Equal([DeliveryOutcome.Rejected, DeliveryOutcome.Accepted, DeliveryOutcome.Accepted, DeliveryOutcome.Accepted, DeliveryOutcome.Accepted],
            ack.Results.Select(r => r.Outcome));
        Assert.Contains($"TLP:AMBER+STRICT item {strict} reaches no member of {LocalGov}", ack.Results[0].Reason);
        var row = (await StatusAsync(green)).Recipients.Single(r => r.NodeId == LocalGov);
        // The old-style receipt (no new field) is recorded as it always was, and listed; the repeated pseudonym counts once.
        Assert.Equal(("acknowledged", "member:old-style-member"), (row.State, row.AcknowledgedBy));
        Assert.Equal(["member", "member", "member:old-style-member"], row.Acknowledgements.Select(a => a.By).Order(StringComparer.Ordinal));
        Assert.Equal(3u, row.MembersAcknowledged);
        Assert.Empty((await StatusAsync(strict)).Recipients.Single(r => r.NodeId == LocalGov).Acknowledgements);
    }

    [Fact]
    public async Task AcknowledgeItem_HostileInput_ExactCodesNamingTheField()
    {
        var item = await SubmitAsync(Tlp.Green, "GREEN for hostile acknowledgements", new Audience { Nodes = { Electricity } });
        await DeliveredAsync(item, Electricity);
        var admin = Cluster[Electricity].Admin;

        var longNote = await Assert.ThrowsAsync<RpcException>(() => admin.AcknowledgeItemAsync(new AcknowledgeItemRequest { ItemId = item, StaffName = "sato", Note = new string('x', 1001) }).ResponseAsync);
        var badName = await Assert.ThrowsAsync<RpcException>(() => admin.AcknowledgeItemAsync(new AcknowledgeItemRequest { ItemId = item, StaffName = "sato; rm -rf /" }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => admin.AcknowledgeItemAsync(new AcknowledgeItemRequest { ItemId = Core.Items.UuidV7.NewId(), StaffName = "sato" }).ResponseAsync);
        var own = await Assert.ThrowsAsync<RpcException>(() => Origin.Admin.AcknowledgeItemAsync(new AcknowledgeItemRequest { ItemId = item, StaffName = "sato" }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "note"), (longNote.StatusCode, Assert.Single(Violations(longNote)).Field));
        Assert.Contains("1001 characters, more than the 1000 allowed", Violations(longNote)[0].Description);
        Assert.Equal((StatusCode.InvalidArgument, "staff_name"), (badName.StatusCode, Assert.Single(Violations(badName)).Field));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, own.StatusCode);
        Assert.Contains("originated here", own.Status.Detail);

        Assert.Equal(6, (await RunAsync(Electricity, "items", "ack", item, "--as", "sato", "--note", new string('x', 1001))).Code);
        var cliBadName = await RunAsync(Electricity, "items", "ack", item, "--as", "two words", "--lang", "en");
        Assert.Equal(1, cliBadName.Code);
        Assert.Contains("'two words' is not a usable name for --as", cliBadName.Error);
        Assert.Equal(4, (await RunAsync(Electricity, "items", "ack", Core.Items.UuidV7.NewId(), "--as", "sato")).Code);
        // None of them acknowledged anything.
        Assert.DoesNotContain((await Cluster[Electricity].Admin.ListAuditAsync(new ListAuditRequest { Action = "item.acknowledge", Limit = 1000 })).Entries, e => e.Subject == item);
    }

    private static IReadOnlyList<BadRequest.Types.FieldViolation> Violations(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? throw new Xunit.Sdk.XunitException($"no field violations in {error.Status}");

    private async Task<string> SubmitAsync(Tlp tlp, string title, Audience audience)
    {
        var draft = Drafts.Incident(tlp, title);
        draft.Audience = audience;
        return (await federation.Author.SubmitAsync(Drafts.Request(draft))).ItemId;
    }

    private Task<ItemStatus> StatusAsync(string itemId) =>
        Origin.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = itemId, Members = true }).ResponseAsync;

    private Task DeliveredAsync(string itemId, string node) =>
        Until.TrueAsync(async () => (await StatusAsync(itemId)).Recipients.Any(r => r.NodeId == node && r.State == "delivered"),
            Deadline, $"{Bank} shows {itemId} delivered at {node}");

    /// <summary>The origin's row for the node once it lists that many acknowledgements from it.</summary>
    private async Task<RecipientStatus> AcknowledgedAsync(string itemId, string node, int count)
    {
        RecipientStatus? row = null;
        await Until.TrueAsync(async () =>
        {
            row = (await StatusAsync(itemId)).Recipients.Single(r => r.NodeId == node);
            return row.Acknowledgements.Count >= count;
        }, Deadline, $"{Bank} lists {count} acknowledgements of {itemId} from {node}");
        Assert.Equal(count, row!.Acknowledgements.Count);
        return row;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string node, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--socket", Cluster[node].Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Whether the node's database files (the main file and its write-ahead log) hold these bytes anywhere.</summary>
    private bool DatabaseContains(string node, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return new[] { "node.db", "node.db-wal" }.Select(f => Path.Combine(Cluster.DataDir(node), f)).Where(File.Exists).Any(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray().AsSpan().IndexOf(needle) >= 0;
        });
    }

    private RawPeer CouncilAtOrigin() =>
        new(Origin.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(Cluster.Federation.NodeCertificates("council")), Cluster.Federation.RootCertificate);

    /// <summary>An ACKNOWLEDGED receipt signed with the node's own signing key, speaking for that node.</summary>
    private Envelope Receipt(string signer, string itemId, string acknowledgedBy, string pseudonym = "", DateTimeOffset? at = null)
    {
        var credentials = NodeCredentials.Load(new NodeKeyFiles(Cluster.Federation.NodeCertificates(signer)), signer,
            TrustBundle.Load([Cluster.Federation.RootCertificatePath]), DateTimeOffset.UtcNow);
        var receipt = new Receipt
        {
            ItemId = itemId, OriginNode = Bank, RecipientNode = signer, Kind = ReceiptKind.Acknowledged,
            At = Timestamp.FromDateTimeOffset(at ?? DateTimeOffset.UtcNow), AcknowledgedBy = acknowledgedBy, AcknowledgerPseudonym = pseudonym,
        };
        return credentials.CreateEnvelopeSigner().Sign(PayloadTypes.Receipt, receipt.ToByteString());
    }

    /// <summary>Five nodes on loopback with real TLS; the recipients' members and the origin's author, made once.</summary>
    public sealed class Federation : IAsyncLifetime
    {
        private readonly TestDirectory _dir = new();

        internal TestCluster Cluster { get; private set; } = null!;

        public MemberService.MemberServiceClient Author { get; private set; } = null!;

        public Dictionary<string, string[]> MemberIds { get; } = new()
        {
            [Electricity] = ["kansai-electric", "tepco", "chubu-electric"],
            [LocalGov] = ["tokyo-metropolis", "osaka-city", "kyoto-city"],
        };

        public Dictionary<string, MemberService.MemberServiceClient[]> Members { get; } = [];

        public async Task InitializeAsync()
        {
            Cluster = await TestCluster.StartAsync(_dir.Path, processes: false, configure: (id, settings) =>
            {
                if (id == Electricity)
                {
                    settings["Receipts:ShareMemberIdentity"] = "names";
                }
            });
            Author = Cluster[Bank].Member(await Cluster[Bank].AddMemberWithKeyAsync("mizuho-bank", "finance"));
            foreach (var (node, ids) in MemberIds)
            {
                var clients = new List<MemberService.MemberServiceClient>();
                foreach (var id in ids)
                {
                    clients.Add(Cluster[node].Member(await Cluster[node].AddMemberWithKeyAsync(id, TestCluster.SectorOf(node))));
                }

                Members[node] = [.. clients];
            }
        }

        public async Task DisposeAsync()
        {
            await Cluster.DisposeAsync();
            _dir.Dispose();
        }
    }
}
