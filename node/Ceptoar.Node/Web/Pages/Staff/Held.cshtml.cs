using System.Globalization;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Staff;

/// <summary>
/// One held item (docs/CONSOLE.md §4.1): why a rule held it, and edit, approve or reject it through the same AdminQueue
/// as `ceptoar-admin queue edit|approve|reject`, as the signed-in person. A decision another person made first is shown,
/// never made a second time (AdminQueue refuses it; the page then shows the decision that stands).
/// </summary>
[Authorize(Policy = WebPolicies.Staff)]
internal sealed class HeldModel : PageModel
{
    /// <summary>The fields `queue edit --remove` takes, in its order (AdminQueue).</summary>
    public static readonly string[] RemovableFields = ["what", "affected", "where", "indicators", "actions_taken", "cause"];

    /// <summary>The labels an edit may raise to, mildest first.</summary>
    public static readonly Tlp[] RaiseLabels = [Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];

    private readonly AdminQueue _queue;

    public HeldModel(AdminQueue queue) => _queue = queue;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public bool StripAttribution { get; set; }

    /// <summary>"" keeps the label; else a TLP name (GREEN, AMBER, AMBER+STRICT, RED).</summary>
    [BindProperty]
    public string? RaiseLabel { get; set; }

    [BindProperty]
    public List<string> RemoveFields { get; set; } = [];

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public HeldItemDetail Detail { get; private set; } = null!;

    /// <summary>What was done, in the person's language, or null.</summary>
    public string? Done { get; private set; }

    /// <summary>A refusal that names no field (decided meanwhile, not the origin), or null.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Form field → its error, in the person's language.</summary>
    public Dictionary<string, string> FieldErrors { get; } = [];

    public string? ErrorOf(string field) => FieldErrors.GetValueOrDefault(field);

    public bool Waiting => Detail.Held.State == "held";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostEditAsync(CancellationToken cancellationToken) => DecideAsync(async person =>
    {
        var request = new EditHeldRequest { ItemId = Id, StripAttribution = StripAttribution };
        if (!string.IsNullOrEmpty(RaiseLabel))
        {
            var label = RaiseLabels.Cast<Tlp?>().FirstOrDefault(t => WebLabels.Text(t!.Value) == "TLP:" + RaiseLabel);
            if (label is null)
            {
                FieldErrors["raise_label"] = StaffText.RaiseLabelInvalid;
                return false;
            }

            request.RaiseLabel = label.Value;
        }

        if (RemoveFields.Any(f => !RemovableFields.Contains(f)))
        {
            FieldErrors["remove_fields"] = StaffText.RemoveFieldsInvalid;
            return false;
        }

        if (!StripAttribution && request.RaiseLabel == Tlp.Unspecified && RemoveFields.Count == 0)
        {
            FieldErrors["remove_fields"] = StaffText.EditNothing;
            return false;
        }

        request.RemoveFields.AddRange(RemoveFields.Distinct());
        await _queue.EditAsync(request, HttpContext.RequestAborted, StaffWeb.Actor(person));
        Done = StaffText.EditDone;
        return true;
    }, cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken) => DecideAsync(async person =>
    {
        if (Note is { Length: > AdminRequests.MaxReasonLength })
        {
            FieldErrors["note"] = string.Format(CultureInfo.CurrentCulture, WebText.FieldTooLong, StaffText.NoteLabel, AdminRequests.MaxReasonLength);
            return false;
        }

        await _queue.ApproveAsync(new ApproveHeldRequest { ItemId = Id, Note = Note ?? "" }, HttpContext.RequestAborted, StaffWeb.Actor(person));
        Done = StaffText.ApproveDone;
        return true;
    }, cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken cancellationToken) => DecideAsync(async person =>
    {
        await _queue.RejectAsync(new RejectHeldRequest { ItemId = Id, Reason = Reason ?? "" }, HttpContext.RequestAborted, StaffWeb.Actor(person));
        Done = StaffText.RejectDone;
        return true;
    }, cancellationToken);

    /// <summary>Runs one decision; a refusal goes next to the field it names, or above the forms; the page shows the item as stored after.</summary>
    private async Task<IActionResult> DecideAsync(Func<People.Person, Task<bool>> decide, CancellationToken cancellationToken)
    {
        if (WebSession.Current(HttpContext) is not { } person)
        {
            return Challenge(WebConsole.Scheme);
        }

        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var ok = false;
        try
        {
            ok = await decide(person);
        }
        catch (RpcException refused) when (StaffWeb.IsRefusal(refused))
        {
            var fields = StaffWeb.Fields(refused);
            if (fields.Count == 0)
            {
                Refusal = StaffWeb.Message(refused);
            }

            foreach (var (field, description) in fields)
            {
                FieldErrors[field] = description;
            }
        }

        // The item as it stands now: edited, decided, or decided meanwhile by another person.
        await LoadAsync(cancellationToken);
        if (!ok)
        {
            Response.StatusCode = Refusal is null ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        }

        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Detail = await _queue.GetAsync(Id, cancellationToken);
            return true;
        }
        catch (RpcException refused) when (StaffWeb.IsNotFound(refused))
        {
            return false;
        }
    }
}
