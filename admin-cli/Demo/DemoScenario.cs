using System.Globalization;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Grpc.Net.Client;

namespace Ceptoar.AdminCli.Demo;

/// <summary>An API key the demo issued to a member (printed with --keep so people can carry on by hand).</summary>
internal sealed record IssuedKey(DemoMember Member, string KeyId, string ApiKey);

/// <summary>A report the demo submitted, with the item id its origin node minted.</summary>
internal sealed record SubmittedReport(DemoReport Report, string ItemId, string OriginNode, string SubmittedBy)
{
    public Tlp Tlp => Report.Draft.Tlp;

    public Audience Audience => Report.Draft.Audience;
}

/// <summary>The demo's actions as secretariat staff (members and keys, over the admin socket) and as members (over TLS).</summary>
internal sealed class DemoScenario(IReadOnlyList<RunningNode> nodes, TrustBundle roots, CliOutput output) : IDisposable
{
    private const uint FeedPageSize = 500;

    // Display columns of the owner column of the people list: the sample member ids and the duty roster fit, so names line up.
    private const int OwnerColumns = 17;

    private readonly Dictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);
    private readonly List<IssuedKey> _keys = [];

    public IReadOnlyList<IssuedKey> Keys => _keys;

    public RunningNode Node(string nodeId) => nodes.First(n => n.Node.Id == nodeId);

    public async Task RegisterMembersAsync(CancellationToken cancellationToken)
    {
        output.Line(DemoText.Registering);
        foreach (var member in DemoItems.Members)
        {
            var node = Node(member.NodeId);
            var request = new AddMemberRequest { MemberId = member.MemberId, NameJa = member.NameJa, NameEn = member.NameEn, Sector = member.Sector };
            await DemoCalls.AdminAsync(node, $"members add {member.MemberId}", async () =>
                await node.Admin.AddMemberAsync(request, deadline: node.Deadline, cancellationToken: cancellationToken));
            var issued = await DemoCalls.AdminAsync(node, $"keys issue {member.MemberId}", async () =>
                await node.Admin.IssueApiKeyAsync(new IssueApiKeyRequest { MemberId = member.MemberId, Label = "demo" }, deadline: node.Deadline, cancellationToken: cancellationToken));
            _keys.Add(new IssuedKey(member, issued.Key?.KeyId ?? string.Empty, issued.ApiKey));
            output.Line(Localized.Format(DemoText.MemberLine, member.NodeId, member.MemberId, member.NameJa, member.NameEn, member.Sector));
        }
    }

    /// <summary>Adds the sample people to be notified (<see cref="DemoItems.People"/>), as staff would with `contacts add`.</summary>
    public async Task AddPeopleAsync(CancellationToken cancellationToken)
    {
        output.Line(DemoText.AddingPeople);
        foreach (var person in DemoItems.People)
        {
            var node = Node(person.NodeId);
            var request = new AddContactRequest
            {
                MemberId = person.MemberId ?? string.Empty,
                DutyRoster = person.MemberId is null,
                Name = person.Name,
                Email = person.Email,
                Language = person.Language,
                Role = person.Role,
            };
            await DemoCalls.AdminAsync(node, $"contacts add {person.Email}", async () =>
                await node.Admin.AddContactAsync(request, deadline: node.Deadline, cancellationToken: cancellationToken));
            output.Line(PersonLine(person.NodeId, person.MemberId, person.Name, person.Language, person.Email));
        }
    }

    /// <summary>One added person; the owner column is padded by display width, as the duty roster's name is Japanese (事務局当番).</summary>
    internal static string PersonLine(string nodeId, string? memberId, string name, string language, string email) =>
        Localized.Format(DemoText.PersonLine, nodeId, DisplayWidth.PadRight(memberId ?? DemoText.DutyRoster, OwnerColumns), name, language, email);

    /// <summary>Submits the three reports as <see cref="DemoItems.Reporter"/> through its node's member API.</summary>
    public async Task<IReadOnlyList<SubmittedReport>> SubmitAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        output.Line(Localized.Format(DemoText.Submitting, DemoItems.Reporter));
        var node = Node(DemoItems.ReporterNode);
        var client = Member(DemoItems.Reporter);
        var run = Guid.NewGuid().ToString("N")[..12];
        var submitted = new List<SubmittedReport>();
        foreach (var (report, index) in DemoItems.Reports(now).Select((r, i) => (r, i)))
        {
            var request = new SubmitRequest { ClientRequestId = string.Create(CultureInfo.InvariantCulture, $"demo-{run}-{index + 1}"), Draft = report.Draft };
            var response = await DemoCalls.MemberAsync(node, DemoItems.Reporter, "Submit", async () =>
                await client.SubmitAsync(request, deadline: Deadline, cancellationToken: cancellationToken));
            submitted.Add(new SubmittedReport(report, response.ItemId, node.Node.Id, DemoItems.Reporter));
            output.Line(Localized.Format(DemoText.SubmittedLine, report.Caption, response.ItemId));
        }

        return submitted;
    }

    /// <summary>Submits a draft as a member through its node's member API; the node's answer says where the report went.</summary>
    public async Task<SubmitResponse> SubmitAsync(string memberId, string clientRequestId, ItemDraft draft, CancellationToken cancellationToken)
    {
        var member = DemoItems.Members.First(m => m.MemberId == memberId);
        var client = Member(memberId);
        var node = Node(member.NodeId);
        return await DemoCalls.MemberAsync(node, memberId, "Submit", async () =>
            await client.SubmitAsync(new SubmitRequest { ClientRequestId = clientRequestId, Draft = draft }, deadline: Deadline, cancellationToken: cancellationToken));
    }

    /// <summary>A person at the member reads the item and acknowledges it, which sends an "acknowledged" receipt to the origin.</summary>
    public async Task AcknowledgeAsync(string memberId, string itemId, CancellationToken cancellationToken)
    {
        var member = DemoItems.Members.First(m => m.MemberId == memberId);
        var client = Member(memberId);
        var node = Node(member.NodeId);
        await DemoCalls.MemberAsync(node, memberId, $"Acknowledge {itemId}", async () =>
            await client.AcknowledgeAsync(new AcknowledgeRequest { ItemId = itemId, Note = "確認しました / read by the SOC" }, deadline: Deadline, cancellationToken: cancellationToken));
        output.Line(Localized.Format(DemoText.AcknowledgedLine, memberId, member.NodeId, itemId));
    }

    /// <summary>The ids of every item in the member's feed, as the member itself lists them.</summary>
    public async Task<IReadOnlySet<string>> FeedAsync(DemoMember member, CancellationToken cancellationToken)
    {
        var client = Member(member.MemberId);
        var node = Node(member.NodeId);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var request = new ListItemsRequest { PageSize = FeedPageSize };
        do
        {
            var page = await DemoCalls.MemberAsync(node, member.MemberId, "List", async () =>
                await client.ListAsync(request, deadline: Deadline, cancellationToken: cancellationToken));
            ids.UnionWith(page.Items.Select(i => i.Item?.Id ?? string.Empty));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return ids;
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(10);

    private MemberService.MemberServiceClient Member(string memberId)
    {
        if (!_channels.TryGetValue(memberId, out var channel))
        {
            var key = _keys.First(k => k.Member.MemberId == memberId);
            var node = Node(key.Member.NodeId);
            channel = DemoCalls.MemberChannel(node.Ready.MemberEndpoint ?? node.Node.MemberEndpoint, node.Node.Id, roots, key.ApiKey);
            _channels[memberId] = channel;
        }

        return new MemberService.MemberServiceClient(channel);
    }
}
