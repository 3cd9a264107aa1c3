using System.Globalization;
using System.Text.Json;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Web.Pages.Staff;

/// <summary>One recipient node's row of the live board: its cells as shown, and who acknowledged there.</summary>
/// <param name="Id">The row's element id ("row-" + node id).</param>
/// <param name="Cells">Node, state, members reached, acknowledged, missing, late: the texts the table shows.</param>
/// <param name="Acks">Who acknowledged and when, oldest first.</param>
public sealed record DrillBoardRow(string Id, IReadOnlyList<string> Cells, IReadOnlyList<string> Acks);

/// <summary>
/// The live drill board (docs/CONSOLE.md §4.3), built from the drill report AdminDrills gives (`drills report`). The page
/// and its server-sent events use this one builder, so an event carries exactly what the board shows and nothing of the
/// item beyond it (no instruction, no content).
/// </summary>
public sealed record DrillBoard(string Live, string Totals, IReadOnlyList<DrillBoardRow> Rows)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal static DrillBoard Of(DrillReport report, WebTime time)
    {
        var rows = report.Nodes.Select(node => new DrillBoardRow(
            "row-" + node.NodeId,
            [
                Name(node),
                StaffWeb.DeliveryState(node.State),
                node.HasMembersReached ? Number(node.MembersReached) : "—",
                Number(node.MembersAcknowledged),
                node.HasMembersMissing ? Number(node.MembersMissing) : "—",
                Number(node.MembersLate),
            ],
            [.. node.Acknowledgements.Select(a => string.Format(
                CultureInfo.CurrentCulture, StaffText.AckLine, StaffWeb.Who(a.By, a.NameJa, a.NameEn, a.MemberNumber), StaffWeb.When(time, a.At), a.Late ? StaffText.AckLate : ""))])).ToList();
        var totals = report.Totals ?? new DrillTotals();
        return new DrillBoard(
            // The time of the report, in the node's zone as every time on the pages (docs/CONSOLE.md §6), not the browser's.
            string.Format(CultureInfo.CurrentCulture, StaffText.BoardLive, StaffWeb.When(time, report.GeneratedAt)),
            string.Format(CultureInfo.CurrentCulture, StaffText.BoardTotals, totals.NodesDelivered, totals.Nodes, totals.MembersAcknowledged, totals.MembersReached, totals.MembersLate),
            rows);
    }

    /// <summary>The event's data: one line of JSON (console.js rebuilds the table from it with textContent only).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static string Name(DrillNodeReport node)
    {
        var ja = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";
        var name = ja ? node.NameJa : node.NameEn;
        return name.Length > 0 ? $"{name} ({node.NodeId})" : node.NodeId;
    }

    private static string Number(uint value) => value.ToString(CultureInfo.CurrentCulture);
}
