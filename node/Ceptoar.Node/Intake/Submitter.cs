using Ceptoar.Core.Policy.Rules;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Intake;

/// <summary>
/// Who submits an item at its origin: a member company through the member API, or a staff person of the secretariat
/// through the admin API, who submits as the secretariat itself. Both take the same path (validation, rules, signing,
/// idempotency, audit); only who they are differs.
/// </summary>
/// <param name="Id">What the store keeps as the submitter (the member id, or "staff:&lt;name&gt;"); idempotency keys are per submitter.</param>
/// <param name="Actor">How the audit log names them.</param>
/// <param name="DisplayName">The name an item carries in submitted_by where attribution is allowed.</param>
/// <param name="Facts">What the handling rules know of the submitter.</param>
internal sealed record Submitter(string Id, string Actor, string DisplayName, MemberFacts Facts, bool IsStaff)
{
    private const string StaffPrefix = "staff:";

    /// <summary>The tag a staff submission carries for the handling rules (rules may match it like a member's tag).</summary>
    public const string StaffTag = "secretariat-staff";

    public static Submitter Member(MemberRecord member) =>
        new(member.MemberId, "member:" + member.MemberId, string.IsNullOrEmpty(member.NameEn) ? member.NameJa : member.NameEn,
            new MemberFacts(member.MemberId, member.Sector, member.Tags), IsStaff: false);

    /// <summary>A staff person of this node's secretariat: the item names the secretariat and the person.</summary>
    public static Submitter Staff(string person, NodeOptions node)
    {
        var secretariat = string.IsNullOrEmpty(node.NameJa) ? (string.IsNullOrEmpty(node.NameEn) ? node.Id : node.NameEn) : node.NameJa;
        var id = StaffPrefix + person;
        return new(id, id, $"{secretariat} ({person})", new MemberFacts(id, node.Sectors.FirstOrDefault() ?? "", [StaffTag]), IsStaff: true);
    }

    /// <summary>The submitter a stored item names, for deciding it again (the approval queue): null for a member no longer stored.</summary>
    public static async Task<Submitter?> OfStoredAsync(string submittedBy, NodeOptions node, MemberStore members, CancellationToken cancellationToken) =>
        submittedBy.StartsWith(StaffPrefix, StringComparison.Ordinal) ? Staff(submittedBy[StaffPrefix.Length..], node)
        : await members.GetAsync(submittedBy, cancellationToken) is { } member ? Member(member)
        : null;
}
