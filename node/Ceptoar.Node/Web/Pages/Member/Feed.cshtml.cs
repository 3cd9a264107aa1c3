using Ceptoar.Federation.V1;
using Ceptoar.Node.Members;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>
/// The member's feed, newest first (docs/CONSOLE.md §3): pages of the member API's List, filtered by a GET form that works
/// without JavaScript. The filters List has not (exercises only, acknowledged or not) are applied to List's pages, and the
/// next page continues from the last row shown, so no row is skipped or repeated.
/// </summary>
[Authorize(Policy = WebPolicies.Member)]
public sealed class FeedModel : PageModel
{
    internal const int PageRows = 25;
    private const uint BatchSize = 100;
    private const int MaxBatches = 10;
    private const int MaxText = 200;
    private const int MaxToken = 40;

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Label { get; set; }

    /// <summary>include (default), exclude or only.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Exercises { get; set; }

    /// <summary>any (default), yes or no.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Acknowledged { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "before")]
    public string? PageToken { get; set; }

    public IReadOnlyList<MemberItem> Rows { get; private set; } = [];

    /// <summary>The query string of the next page, or null on the last.</summary>
    public string? NextPage { get; private set; }

    public Dictionary<string, string> FieldErrors { get; } = [];

    public string? ErrorOf(string field) => FieldErrors.GetValueOrDefault(field);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await MemberDoor.OpenAsync(HttpContext) is not { } door)
        {
            return Forbid();
        }

        var request = ListRequest();
        if (FieldErrors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            await ReadAsync(door, request);
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
        {
            foreach (var (field, message) in MemberErrors.Fields(e))
            {
                FieldErrors.TryAdd(field == "page_token" ? "before" : field == "text" ? "text" : "form", message);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>The List request for the form's values; a value the form does not offer is an error next to its field.</summary>
    private ListItemsRequest ListRequest()
    {
        var request = new ListItemsRequest { PageSize = BatchSize };
        if (!string.IsNullOrEmpty(Kind))
        {
            if (MemberView.Parse(Kind, MemberView.Kinds) is { } kind)
            {
                request.Kinds.Add(kind);
            }
            else
            {
                FieldErrors["kind"] = MemberConsoleText.ChooseFromList;
                Kind = null;
            }
        }

        if (!string.IsNullOrEmpty(Label))
        {
            if (MemberView.Parse(Label, MemberView.Labels) is { } label)
            {
                request.Labels.Add(label);
            }
            else
            {
                FieldErrors["label"] = MemberConsoleText.ChooseFromList;
                Label = null;
            }
        }

        Exercises = string.IsNullOrEmpty(Exercises) ? "include" : Exercises;
        if (Exercises is not ("include" or "exclude" or "only"))
        {
            FieldErrors["exercises"] = MemberConsoleText.ChooseFromList;
            Exercises = "include";
        }

        request.ExcludeExercise = Exercises == "exclude";
        Acknowledged = string.IsNullOrEmpty(Acknowledged) ? "any" : Acknowledged;
        if (Acknowledged is not ("any" or "yes" or "no"))
        {
            FieldErrors["acknowledged"] = MemberConsoleText.ChooseFromList;
            Acknowledged = "any";
        }

        if (Text is { Length: > 0 })
        {
            if (WebInput.EchoOrNothing(Text, MaxText) is null)
            {
                FieldErrors["text"] = string.Format(System.Globalization.CultureInfo.CurrentCulture, MemberConsoleText.TextTooLong, MaxText);
                Text = null;
            }
            else
            {
                request.Text = Text;
            }
        }

        if (PageToken is { Length: > 0 })
        {
            if (PageToken.Length > MaxToken || WebInput.EchoOrNothing(PageToken, MaxToken) is null)
            {
                FieldErrors["before"] = MemberConsoleText.PageInvalid;
                PageToken = null;
            }
            else
            {
                request.PageToken = PageToken;
            }
        }

        return request;
    }

    private async Task ReadAsync(MemberDoor door, ListItemsRequest request)
    {
        var rows = new List<MemberItem>();
        for (var batch = 0; batch < MaxBatches; batch++)
        {
            var page = await door.ListAsync(request);
            foreach (var item in page.Items)
            {
                if (!Wanted(item))
                {
                    continue;
                }

                rows.Add(item);
                if (rows.Count == PageRows)
                {
                    Rows = rows;
                    NextPage = Query(PageTokens.Encode((long)item.Cursor));
                    return;
                }
            }

            if (page.NextPageToken.Length == 0)
            {
                Rows = rows;
                return;
            }

            request.PageToken = page.NextPageToken;
        }

        // Many items in a row did not match: the rows found so far, and a next page going on from where the search stopped.
        Rows = rows;
        NextPage = Query(request.PageToken);
    }

    private bool Wanted(MemberItem item) =>
        (Exercises != "only" || item.Item.Exercise)
        && (Acknowledged == "any" || (Acknowledged == "yes") == (item.AcknowledgedAt is not null));

    private string Query(string token) =>
        QueryString.Create(new Dictionary<string, string?>
        {
            ["kind"] = Kind,
            ["label"] = Label,
            ["exercises"] = Exercises,
            ["acknowledged"] = Acknowledged,
            ["text"] = Text,
            ["before"] = token,
        }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();
}
