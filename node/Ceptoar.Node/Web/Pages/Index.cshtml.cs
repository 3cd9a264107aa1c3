using System.Globalization;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.People;
using Ceptoar.Node.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web;

/// <summary>The home page after sign-in: who the person is, their member company or secretariat (docs/CONSOLE.md §1).</summary>
[Authorize]
public sealed class IndexModel : PageModel
{
    private readonly MemberStore _members;
    private readonly NodeOptions _node;

    public IndexModel(MemberStore members, NodeOptions node)
    {
        _members = members;
        _node = node;
    }

    public Person Person { get; private set; } = null!;

    /// <summary>Member, staff or Council, in the person's language.</summary>
    public string KindText { get; private set; } = "";

    /// <summary>"Member company: …" or "Secretariat: …", with the name in the person's language.</summary>
    public string Organisation { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (WebSession.Current(HttpContext) is not { } person)
        {
            return Challenge(WebConsole.Scheme);
        }

        Person = person;
        var japanese = WebLanguage.Code(CultureInfo.CurrentUICulture) == "ja";
        KindText = person.Kind switch
        {
            PersonKind.Member => WebText.KindMember,
            PersonKind.Council => WebText.KindCouncil,
            _ => WebText.KindStaff,
        };
        if (person.MemberId is { } memberId)
        {
            var member = await _members.GetAsync(memberId, cancellationToken);
            var name = member is null ? memberId : japanese ? member.NameJa : member.NameEn;
            Organisation = string.Format(CultureInfo.CurrentCulture, WebText.YourMember, name);
        }
        else
        {
            Organisation = string.Format(CultureInfo.CurrentCulture, WebText.YourSecretariat, japanese ? _node.NameJa : _node.NameEn);
        }

        return Page();
    }
}
