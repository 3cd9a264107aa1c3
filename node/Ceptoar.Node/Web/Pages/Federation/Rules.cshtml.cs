using System.Globalization;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Federation;

/// <summary>
/// The rules in force, read-only, and the dry run (docs/CONSOLE.md §4.8): AdminRules.ListAsync and AdminRules.TestAsync, what
/// `ceptoar-admin rules list` and `rules test` call. Nothing is stored or sent by a dry run.
/// </summary>
[Authorize(Policy = WebPolicies.Staff)]
public sealed class RulesModel : PageModel
{
    public const int MaxDraft = 64 * 1024;
    private const int MaxId = 100;

    private static readonly Dictionary<string, string> ServiceFields = new(StringComparer.Ordinal)
    {
        ["item_id"] = nameof(ItemId),
        ["member_id"] = nameof(MemberId),
        ["from_peer"] = nameof(FromPeer),
        ["subject"] = nameof(Draft),
    };

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    [BindProperty]
    public string? ItemId { get; set; }

    [BindProperty]
    public string? MemberId { get; set; }

    [BindProperty]
    public string? FromPeer { get; set; }

    /// <summary>The draft as JSON (member.proto ItemDraft, as `rules test --draft FILE` reads it).</summary>
    [BindProperty]
    public string? Draft { get; set; }

    public RuleSetView Rules { get; private set; } = new();

    public TestRulesResponse? Tested { get; private set; }

    public Dictionary<string, string> FieldErrors { get; } = [];

    public string? ErrorOf(string field) => FieldErrors.GetValueOrDefault(field);

    public string? Shown(string? value) => StaffView.Echo(value, MaxId);

    /// <summary>The draft shown again: multi-line text is fine, other control and format characters are not.</summary>
    public string? ShownDraft => Draft is { Length: <= MaxDraft } draft && !draft.Any(c => c is not ('\n' or '\r' or '\t') && char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format) ? draft : null;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await ListAsync(cancellationToken);
        var request = TestRequest();
        if (FieldErrors.Count == 0)
        {
            try
            {
                Tested = await HttpContext.RequestServices.GetRequiredService<AdminRules>().TestAsync(request, cancellationToken);
                return Page();
            }
            catch (RpcException error) when (StaffView.TryFieldErrors(error, ServiceFields, nameof(Draft), FieldErrors))
            {
            }
            catch (RpcException error) when (error.StatusCode is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.FailedPrecondition)
            {
                // An unknown item or member: the message names which.
                FieldErrors[request.SubjectCase == TestRulesRequest.SubjectOneofCase.ItemId ? nameof(ItemId) : nameof(MemberId)] = error.Status.Detail;
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task ListAsync(CancellationToken cancellationToken) =>
        Rules = await HttpContext.RequestServices.GetRequiredService<AdminRules>().ListAsync(cancellationToken);

    private TestRulesRequest TestRequest()
    {
        var request = new TestRulesRequest
        {
            MemberId = Id(MemberId, nameof(MemberId), FederationText.RulesMemberLabel),
            FromPeer = Id(FromPeer, nameof(FromPeer), FederationText.RulesFromPeerLabel),
        };
        var itemId = Id(ItemId, nameof(ItemId), FederationText.RulesItemLabel);
        var draft = Draft?.Trim() ?? "";
        if (itemId.Length > 0 && draft.Length > 0)
        {
            FieldErrors[nameof(Draft)] = FederationText.RulesItemOrDraft;
        }
        else if (itemId.Length > 0)
        {
            request.ItemId = itemId;
        }
        else if (draft.Length == 0)
        {
            FieldErrors[nameof(Draft)] = FederationText.RulesItemOrDraft;
        }
        else if (draft.Length > MaxDraft)
        {
            FieldErrors[nameof(Draft)] = string.Format(CultureInfo.CurrentCulture, WebText.FieldTooLong, FederationText.RulesDraftLabel, MaxDraft);
        }
        else
        {
            try
            {
                request.Draft = Parser.Parse<ItemDraft>(draft);
            }
            catch (Exception error) when (error is InvalidProtocolBufferException or InvalidJsonException or FormatException)
            {
                FieldErrors[nameof(Draft)] = string.Format(CultureInfo.CurrentCulture, FederationText.RulesDraftNotJson, StaffView.Echo(error.Message.Length > 200 ? error.Message[..200] : error.Message, 200) ?? "");
            }
        }

        return request;
    }

    private string Id(string? value, string field, string label)
    {
        var text = value?.Trim() ?? "";
        if (text.Length > MaxId || text.Any(c => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format))
        {
            FieldErrors[field] = string.Format(CultureInfo.CurrentCulture, FederationText.FieldPlainText, label);
            return "";
        }

        return text;
    }
}
