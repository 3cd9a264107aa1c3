using System.Globalization;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Ceptoar.Node.Hosting;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Federation;

/// <summary>
/// The federated query for Council staff (docs/CONSOLE.md §4.5): the fields of `ceptoar-admin query`, sent through the
/// same AdminQuery the admin socket uses, each node's answer or reason shown.
/// </summary>
[Authorize(Policy = WebPolicies.Staff)]
public sealed class QueryModel : PageModel
{
    public const int MaxText = 200;

    private static readonly Dictionary<string, string> ServiceFields = new(StringComparer.Ordinal)
    {
        ["deadline_ms"] = nameof(Deadline),
        ["spec.limit"] = nameof(Limit),
        ["spec.indicator"] = nameof(Indicator),
        ["spec"] = nameof(Text),
    };

    [BindProperty]
    public string? Indicator { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? Sector { get; set; }

    [BindProperty]
    public string? Threat { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? Label { get; set; }

    [BindProperty]
    public string? From { get; set; }

    [BindProperty]
    public string? To { get; set; }

    [BindProperty]
    public string? Limit { get; set; }

    [BindProperty]
    public string? Deadline { get; set; }

    [BindProperty]
    public bool ExcludeExercise { get; set; }

    [BindProperty]
    public bool WholeFederation { get; set; }

    /// <summary>A staff person who is not Council staff: the page says who may instead (403).</summary>
    public bool NotCouncil { get; private set; }

    public QueryItemsResponse? Result { get; private set; }

    public Dictionary<string, string> FieldErrors { get; } = [];

    public string? ErrorOf(string field) => FieldErrors.GetValueOrDefault(field);

    public string? Shown(string? value) => StaffView.Echo(value, MaxText);

    public async Task<IActionResult> OnGetAsync() => await IsCouncilAsync() ? Page() : Refuse();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await IsCouncilAsync())
        {
            return Refuse();
        }

        var spec = Spec();
        var deadline = Whole(Deadline, nameof(Deadline), FederationText.QueryDeadlineLabel, 1, 60) ?? 5;
        if (FieldErrors.Count == 0)
        {
            try
            {
                var query = HttpContext.RequestServices.GetRequiredService<AdminQuery>();
                Result = await query.QueryItemsAsync(
                    new QueryItemsRequest { Spec = spec, Scope = WholeFederation ? QueryScope.Federation : QueryScope.Peers, DeadlineMs = (uint)deadline * 1000 },
                    cancellationToken);
                return Page();
            }
            catch (RpcException error) when (StaffView.TryFieldErrors(error, ServiceFields, nameof(Text), FieldErrors))
            {
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The same policy decision as the page's: Council staff only (docs/CONSOLE.md §1).</summary>
    private async Task<bool> IsCouncilAsync()
    {
        var authorization = HttpContext.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(User, WebPolicies.Council)).Succeeded;
    }

    private PageResult Refuse()
    {
        NotCouncil = true;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    private QuerySpec Spec()
    {
        var spec = new QuerySpec
        {
            Indicator = Plain(Indicator, nameof(Indicator), FederationText.QueryIndicatorLabel),
            Text = Plain(Text, nameof(Text), FederationText.QueryTextLabel),
            Sector = Plain(Sector, nameof(Sector), FederationText.QuerySectorLabel),
            ThreatType = Plain(Threat, nameof(Threat), FederationText.QueryThreatLabel),
            ExcludeExercise = ExcludeExercise,
            Limit = (uint)(Whole(Limit, nameof(Limit), FederationText.QueryLimitLabel, 1, 500) ?? 0),
        };
        if (!string.IsNullOrEmpty(Kind))
        {
            if (RuleNames.TryParseKind(Kind, out var kind))
            {
                spec.Kinds.Add(kind);
            }
            else
            {
                FieldErrors[nameof(Kind)] = FederationText.QueryKindUnknown;
            }
        }

        if (!string.IsNullOrEmpty(Label))
        {
            if (RuleNames.TryParseLabel(Label, out var label))
            {
                spec.Labels.Add(label);
            }
            else
            {
                FieldErrors[nameof(Label)] = FederationText.QueryLabelUnknown;
            }
        }

        var zone = HttpContext.RequestServices.GetRequiredService<NodeOptions>().Zone;
        var from = Day(From, nameof(From), zone);
        var to = Day(To, nameof(To), zone);
        if (from is { } start && to is { } end)
        {
            if (start > end)
            {
                FieldErrors[nameof(To)] = FederationText.QueryToBeforeFrom;
            }
        }

        spec.CreatedFrom = from is null ? null : Timestamp.FromDateTimeOffset(from.Value);
        spec.CreatedTo = to is null ? null : Timestamp.FromDateTimeOffset(to.Value.AddDays(1).AddTicks(-1));
        return spec;
    }

    private string Plain(string? value, string field, string label)
    {
        var text = value?.Trim() ?? "";
        if (text.Length > MaxText)
        {
            FieldErrors[field] = string.Format(CultureInfo.CurrentCulture, WebText.FieldTooLong, label, MaxText);
        }
        else if (text.Any(c => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format))
        {
            FieldErrors[field] = string.Format(CultureInfo.CurrentCulture, FederationText.FieldPlainText, label);
        }

        return text;
    }

    private int? Whole(string? value, string field, string label, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        FieldErrors[field] = string.Format(CultureInfo.CurrentCulture, FederationText.FieldWholeNumber, label, min, max);
        return null;
    }

    /// <summary>A day typed as YYYY-MM-DD: its start in the node's zone (Node:TimeZone), as every time on the console.</summary>
    private DateTimeOffset? Day(string? value, string field, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 2000)
        {
            return new DateTimeOffset(day, zone.GetUtcOffset(day));
        }

        FieldErrors[field] = FederationText.QueryDayInvalid;
        return null;
    }
}
