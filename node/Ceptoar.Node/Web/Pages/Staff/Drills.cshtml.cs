using System.Globalization;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Staff;

/// <summary>
/// Drills (docs/CONSOLE.md §4.3): the list and the start form, `ceptoar-admin drills list|start` through the same
/// AdminDrills, as the signed-in person; each field's refusal next to it.
/// </summary>
[Authorize(Policy = WebPolicies.Staff)]
internal sealed class DrillsModel : PageModel
{
    public const int MaxInstruction = 4_000;
    public const int MaxTitle = 200;
    public const int MaxList = 500;

    private readonly AdminDrills _drills;

    public DrillsModel(AdminDrills drills) => _drills = drills;

    /// <summary>One per form shown: a form sent twice starts one drill (StartDrillRequest.client_request_id).</summary>
    [BindProperty]
    public string? RequestId { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? InstructionJa { get; set; }

    [BindProperty]
    public string? InstructionEn { get; set; }

    [BindProperty]
    public string? Minutes { get; set; }

    /// <summary>"CLEAR" or "GREEN".</summary>
    [BindProperty]
    public string? Label { get; set; }

    [BindProperty]
    public bool WholeFederation { get; set; }

    /// <summary>Node ids, separated by spaces or commas.</summary>
    [BindProperty]
    public string? Nodes { get; set; }

    /// <summary>Sector codes, separated by spaces or commas.</summary>
    [BindProperty]
    public string? Sectors { get; set; }

    public IReadOnlyList<DrillSummary> Drills { get; private set; } = [];

    public string? Refusal { get; private set; }

    public Dictionary<string, string> FieldErrors { get; } = [];

    public string? ErrorOf(string field) => FieldErrors.GetValueOrDefault(field);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        RequestId = Guid.NewGuid().ToString("N");
        await ListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (WebSession.Current(HttpContext) is not { } person)
        {
            return Challenge(WebConsole.Scheme);
        }

        var request = Build();
        if (FieldErrors.Count == 0)
        {
            request.StaffName = StaffWeb.StaffName(person);
            try
            {
                var started = await _drills.StartAsync(request, cancellationToken);
                return Redirect("/staff/drills/" + started.DrillId);
            }
            catch (RpcException refused) when (StaffWeb.IsRefusal(refused))
            {
                var fields = StaffWeb.Fields(refused);
                foreach (var (field, description) in fields)
                {
                    FieldErrors.TryAdd(FormField(field), description);
                }

                Refusal = fields.Count == 0 ? StaffWeb.Message(refused) : null;
            }
        }

        await ListAsync(cancellationToken);
        Response.StatusCode = Refusal is null ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        return Page();
    }

    private StartDrillRequest Build()
    {
        var request = new StartDrillRequest { WholeFederation = WholeFederation };
        request.ClientRequestId = RequestId is { Length: >= 1 and <= 128 } id && id.All(c => c is > ' ' and < '\u007f') ? id : Guid.NewGuid().ToString("N");
        RequestId = request.ClientRequestId;
        request.Title = Within(nameof(Title), Title, MaxTitle, StaffText.DrillTitleLabel, required: false);
        request.InstructionJa = Within(nameof(InstructionJa), InstructionJa, MaxInstruction, StaffText.InstructionJaLabel, required: true);
        request.InstructionEn = Within(nameof(InstructionEn), InstructionEn, MaxInstruction, StaffText.InstructionEnLabel, required: true);
        if (string.IsNullOrWhiteSpace(Minutes))
        {
            request.AcknowledgeWithinMinutes = 0;
        }
        else if (uint.TryParse(Minutes.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes is >= 1 and <= AdminDrills.MaxMinutes)
        {
            request.AcknowledgeWithinMinutes = minutes;
        }
        else
        {
            FieldErrors[nameof(Minutes)] = string.Format(CultureInfo.CurrentCulture, StaffText.MinutesInvalid, AdminDrills.MaxMinutes, AdminDrills.DefaultMinutes);
        }

        switch (Label)
        {
            case null or "" or "GREEN": request.Tlp = Tlp.Green; break;
            case "CLEAR": request.Tlp = Tlp.Clear; break;
            default: FieldErrors[nameof(Label)] = StaffText.DrillLabelInvalid; break;
        }

        request.Nodes.AddRange(Words(Nodes));
        request.Sectors.AddRange(Words(Sectors));
        return request;
    }

    private string Within(string field, string? value, int max, string label, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            FieldErrors[field] = string.Format(CultureInfo.CurrentCulture, WebText.FieldRequired, label);
        }
        else if (value is { Length: > 0 } && value.Length > max)
        {
            FieldErrors[field] = string.Format(CultureInfo.CurrentCulture, WebText.FieldTooLong, label, max);
        }

        return value?.Trim() ?? "";
    }

    private static IEnumerable<string> Words(string? text) =>
        (text ?? "").Split([' ', ',', '\n', '\r', '\t', '、'], StringSplitOptions.RemoveEmptyEntries).Take(MaxList);

    /// <summary>The form field of a request field AdminDrills named ("nodes[2]" → Nodes).</summary>
    private static string FormField(string field) => field switch
    {
        "title" => nameof(Title),
        "instruction_ja" => nameof(InstructionJa),
        "instruction_en" => nameof(InstructionEn),
        "acknowledge_within_minutes" => nameof(Minutes),
        "tlp" => nameof(Label),
        _ when field.StartsWith("nodes", StringComparison.Ordinal) => nameof(Nodes),
        _ when field.StartsWith("sectors", StringComparison.Ordinal) => nameof(Sectors),
        _ => "",
    };

    private async Task ListAsync(CancellationToken cancellationToken) =>
        Drills = (await _drills.ListAsync(new ListDrillsRequest(), cancellationToken)).Drills;
}
