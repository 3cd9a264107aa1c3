using System.Globalization;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Federation;

/// <summary>
/// Audit verification (docs/CONSOLE.md §4.9): recent entries a page at a time (AdminAudit.ListAsync) and a POST that walks the
/// hash chain as `ceptoar-admin audit verify` does (AdminAudit.VerifyAsync), against the hubs' checkpoints when asked.
/// </summary>
[Authorize(Policy = WebPolicies.Staff)]
public sealed class AuditModel : PageModel
{
    public const int PageSize = 50;
    private const int MaxAction = 64;

    /// <summary>Entries after this seq; empty: the last page.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>Only this action ("person.signin"); empty: all.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty]
    public bool AgainstPeers { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>The seq the previous page starts after, or null on the first page.</summary>
    public ulong? Previous { get; private set; }

    public ulong? Next { get; private set; }

    public VerifyAuditResponse? Verified { get; private set; }

    /// <summary>Why the verification could not be run (no hubs to ask), in the person's language.</summary>
    public string? VerifyRefusal { get; private set; }

    public Dictionary<string, string> FieldErrors { get; } = [];

    public string? ErrorOf(string field) => FieldErrors.GetValueOrDefault(field);

    public string? ShownAction => StaffView.Echo(Action, MaxAction);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await ListAsync(cancellationToken);
        if (FieldErrors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var audit = HttpContext.RequestServices.GetRequiredService<AdminAudit>();
        try
        {
            Verified = await audit.VerifyAsync(new VerifyAuditRequest { AgainstPeers = AgainstPeers }, cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == Grpc.Core.StatusCode.FailedPrecondition)
        {
            VerifyRefusal = error.Status.Detail;
        }

        After = null;
        Action = null;
        await ListAsync(cancellationToken);
        return Page();
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        ulong? after = null;
        if (!string.IsNullOrEmpty(After))
        {
            if (ulong.TryParse(After, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                after = seq;
            }
            else
            {
                FieldErrors[nameof(After)] = string.Format(CultureInfo.CurrentCulture, FederationText.FieldWholeNumber, FederationText.AuditAfterLabel, 0, ulong.MaxValue);
            }
        }

        var action = Action?.Trim() ?? "";
        if (action.Length > MaxAction || action.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
        {
            FieldErrors[nameof(Action)] = FederationText.AuditActionInvalid;
            action = "";
        }

        var services = HttpContext.RequestServices;
        if (after is null)
        {
            // The last page: the chain's seqs run 1, 2, … without gaps, so the count says where it ends (docs/LIFECYCLE.md §4).
            var total = (await services.GetRequiredService<AdminStatus>().GetAsync(cancellationToken)).AuditEntries;
            after = action.Length == 0 && total > PageSize ? total - PageSize : 0;
        }

        var listed = await services.GetRequiredService<AdminAudit>().ListAsync(
            new ListAuditRequest { AfterSeq = after.Value, Limit = PageSize, Action = action }, cancellationToken);
        Entries = listed.Entries;
        Previous = after.Value == 0 ? null : after.Value > PageSize ? after.Value - PageSize : 0;
        Next = Entries.Count == PageSize ? Entries[^1].Seq : null;
    }
}
