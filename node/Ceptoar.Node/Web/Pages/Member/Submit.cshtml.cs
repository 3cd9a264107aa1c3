using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>
/// Submit a report (docs/CONSOLE.md §3): every draft field the member API takes, sent through the API's Submit, so the
/// same validation answers; each error is shown next to its field with what was typed kept. The hidden request id is the
/// API's client_request_id: sending the form again (a reload) answers the first submission, never a second item.
/// </summary>
[Authorize(Policy = WebPolicies.Member)]
public sealed class SubmitModel : PageModel
{
    private const int MaxRequestId = 128;

    [BindProperty] public string? RequestId { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Tlp { get; set; }
    [BindProperty] public string? Severity { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? What { get; set; }
    [BindProperty] public string? Affected { get; set; }
    [BindProperty] public string? Systems { get; set; }
    [BindProperty] public string? Services { get; set; }
    [BindProperty] public string? Regions { get; set; }
    [BindProperty] public string? ThreatType { get; set; }
    [BindProperty] public string? Cause { get; set; }
    [BindProperty] public string? Actions { get; set; }
    [BindProperty] public string? Indicators { get; set; }
    [BindProperty] public string? Sectors { get; set; }
    [BindProperty] public string? Nodes { get; set; }
    [BindProperty] public bool Exercise { get; set; }
    [BindProperty] public bool AcceptCopies { get; set; }
    [BindProperty] public bool Voluntary { get; set; }
    [BindProperty] public bool SuspectedTerrorism { get; set; }

    public SubmitResponse? Stored { get; private set; }

    public Dictionary<string, string> FieldErrors { get; } = [];

    public string? ErrorOf(string field) => FieldErrors.GetValueOrDefault(field);

    public void OnGet()
    {
        RequestId = NewRequestId();
        Language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja" ? "ja" : "en";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await MemberDoor.OpenAsync(HttpContext) is not { } door)
        {
            return Forbid();
        }

        if (RequestId is not { Length: > 0 and <= MaxRequestId } || WebInput.EchoOrNothing(RequestId, MaxRequestId) is null)
        {
            // A form without its id (or a forged one) could not be told from a reload: a fresh form is shown.
            FieldErrors["form"] = MemberConsoleText.FormExpired;
            RequestId = NewRequestId();
            return Refused();
        }

        var draft = Draft();
        if (FieldErrors.Count > 0)
        {
            // The form's own refusals keep the draft from the API; the API's validator still names every other field's error.
            var validator = HttpContext.RequestServices.GetRequiredService<ItemValidator>();
            var now = HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            foreach (var violation in validator.ValidateDraft(draft, now))
            {
                FieldErrors.TryAdd(SubmitForm.FieldOf(violation.Field), violation.DescriptionIn(CultureInfo.CurrentUICulture));
            }

            return Refused();
        }

        try
        {
            Stored = await door.SubmitAsync(new SubmitRequest { ClientRequestId = RequestId, Draft = draft });
            return Page();
        }
        catch (RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.InvalidArgument or Grpc.Core.StatusCode.FailedPrecondition or Grpc.Core.StatusCode.AlreadyExists)
        {
            foreach (var (field, message) in MemberErrors.Fields(e))
            {
                var formField = SubmitForm.FieldOf(field);
                var line = field.StartsWith("draft.body.indicators[", StringComparison.Ordinal) && int.TryParse(field.AsSpan(22, field.IndexOf(']', StringComparison.Ordinal) - 22), CultureInfo.InvariantCulture, out var index)
                    ? string.Format(CultureInfo.CurrentCulture, MemberConsoleText.OnLine, index + 1) + " "
                    : "";
                FieldErrors[formField] = FieldErrors.TryGetValue(formField, out var before) ? before + " " + line + message : line + message;
            }

            return Refused();
        }
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The draft the form describes; a choice the lists do not offer, or an indicator line without a known type, is an error here.</summary>
    private ItemDraft Draft()
    {
        var draft = new ItemDraft
        {
            Exercise = Exercise,
            AcceptCopies = AcceptCopies,
            Voluntary = Voluntary,
            SuspectedTerrorism = SuspectedTerrorism,
            Language = Language is "ja" or "en" ? Language : "",
            Audience = new Audience(),
            Body = new Body
            {
                Title = Title ?? "",
                Summary = Summary ?? "",
                What = What ?? "",
                Where = new Where(),
                Why = new Why { ThreatType = (ThreatType ?? "").Trim(), Cause = Cause ?? "" },
                How = new How(),
            },
        };
        if (Language is not ("ja" or "en"))
        {
            FieldErrors["Language"] = MemberConsoleText.ChooseFromList;
        }

        draft.Kind = Choose("Kind", Kind, MemberView.Kinds) ?? ItemKind.Unspecified;
        draft.Tlp = Choose("Tlp", Tlp, MemberView.Labels) ?? global::Ceptoar.Federation.V1.Tlp.Unspecified;
        draft.Body.Severity = Choose("Severity", Severity, MemberView.Severities) ?? global::Ceptoar.Federation.V1.Severity.None;
        draft.Body.Affected.AddRange(SubmitForm.Lines(Affected));
        draft.Body.Where.Systems.AddRange(SubmitForm.Lines(Systems));
        draft.Body.Where.Services.AddRange(SubmitForm.Lines(Services));
        draft.Body.Where.Regions.AddRange(SubmitForm.Lines(Regions));
        draft.Body.How.ActionsTaken.AddRange(SubmitForm.Lines(Actions));
        draft.Body.Indicators.AddRange(SubmitForm.Indicators(Indicators, out var indicatorError));
        if (indicatorError is not null)
        {
            FieldErrors["Indicators"] = indicatorError;
        }

        draft.Audience.Sectors.AddRange(SubmitForm.Codes(Sectors));
        draft.Audience.Nodes.AddRange(SubmitForm.Codes(Nodes));
        return draft;
    }

    private T? Choose<T>(string field, string? value, IReadOnlyList<T> allowed)
        where T : struct, Enum
    {
        if (MemberView.Parse(value, allowed) is { } chosen)
        {
            return chosen;
        }

        FieldErrors[field] = string.IsNullOrEmpty(value) ? MemberConsoleText.Required : MemberConsoleText.ChooseFromList;
        return null;
    }

    private static string NewRequestId() => "web-" + Guid.CreateVersion7().ToString("N");
}
