using System.Globalization;
using System.Text;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Federation;

/// <summary>
/// Sharing statistics (docs/CONSOLE.md §4.10, §5): the same AdminStatistics answer `ceptoar-admin stats sharing` prints, as a
/// table, a bar chart of the sectors' gap to the median written as SVG by the server (no script), and a CSV download.
/// </summary>
[Authorize(Policy = WebPolicies.Staff)]
public sealed class StatisticsModel : PageModel
{
    public static readonly string[] Groupings = ["sector", "ceptoar", "kind", "label", "month"];
    public static readonly string[] Directions = ["both", "sent", "received"];

    private const int MaxField = 40;

    private static readonly Dictionary<string, string> ServiceFields = new(StringComparer.Ordinal)
    {
        ["from_month"] = nameof(From),
        ["to_month"] = nameof(To),
        ["group_by"] = nameof(By),
        ["direction"] = nameof(Direction),
    };

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? By { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Direction { get; set; }

    public SharingStatisticsResponse? Result { get; private set; }

    public Dictionary<string, string> FieldErrors { get; } = [];

    public string? ErrorOf(string field) => FieldErrors.GetValueOrDefault(field);

    public string? Shown(string? value) => StaffView.Echo(value, MaxField);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await ComputeAsync(cancellationToken);
        if (Result is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>The same figures as CSV (UTF-8 with BOM so spreadsheet programs read the Japanese names).</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        await ComputeAsync(cancellationToken);
        if (Result is not { } result)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var csv = new StringBuilder();
        csv.Append("key,name_ja,name_en,sent,received,withdrawn,sealed_only\r\n");
        foreach (var row in result.Rows)
        {
            csv.Append(string.Join(',', new[] { row.Key, row.NameJa, row.NameEn }.Select(Cell))).Append(',')
                .Append(string.Join(',', new[] { row.Sent, row.Received, row.Withdrawn, row.SealedOnly }.Select(n => n.ToString(CultureInfo.InvariantCulture)))).Append("\r\n");
        }

        var name = $"sharing-{result.NodeId}-{result.GroupBy}-{result.FromMonth}-{result.ToMonth}.csv";
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", name);
    }

    /// <summary>
    /// A CSV cell: quoted, quotes doubled, and a leading = + - @ tab or CR made text with an apostrophe, since node names come
    /// from other organisations' descriptors and a spreadsheet would run them as formulas.
    /// </summary>
    public static string Cell(string value)
    {
        var text = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private async Task ComputeAsync(CancellationToken cancellationToken)
    {
        var request = new SharingStatisticsRequest
        {
            FromMonth = Field(From, nameof(From)),
            ToMonth = Field(To, nameof(To)),
            GroupBy = Field(By, nameof(By)),
            Direction = Field(Direction, nameof(Direction)),
        };
        if (FieldErrors.Count > 0)
        {
            return;
        }

        try
        {
            Result = await HttpContext.RequestServices.GetRequiredService<AdminStatistics>().SharingAsync(request, cancellationToken);
        }
        catch (RpcException error) when (StaffView.TryFieldErrors(error, ServiceFields, nameof(From), FieldErrors))
        {
        }
    }

    /// <summary>What goes to the service as typed (it judges and names the field); only what no field may hold stops here.</summary>
    private string Field(string? value, string field)
    {
        var text = value?.Trim() ?? "";
        if (text.Length > MaxField || text.Any(c => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format))
        {
            FieldErrors[field] = FederationText.StatisticsFieldInvalid;
        }

        return text;
    }
}
