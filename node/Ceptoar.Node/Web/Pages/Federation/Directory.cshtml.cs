using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Federation;

/// <summary>
/// The directory (docs/CONSOLE.md §4.6): the nodes as `ceptoar-admin directory` shows them (AdminQuery.GetDirectory) and
/// this node's members with their notification contacts (AdminMembers, AdminContacts), the services the admin API uses.
/// </summary>
[Authorize(Policy = WebPolicies.Staff)]
public sealed class DirectoryModel : PageModel
{
    public DirectoryView Directory { get; private set; } = new();

    public IReadOnlyList<Ceptoar.Federation.V1.Member> Members { get; private set; } = [];

    public ILookup<string, NotifyContact> Contacts { get; private set; } = Array.Empty<NotifyContact>().ToLookup(c => c.MemberId);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var services = HttpContext.RequestServices;
        Directory = services.GetRequiredService<AdminQuery>().GetDirectory();
        Members = (await services.GetRequiredService<AdminMembers>().ListAsync(new ListMembersRequest(), cancellationToken)).Members;
        Contacts = (await services.GetRequiredService<AdminContacts>().ListAsync(new ListContactsRequest(), cancellationToken)).Contacts.ToLookup(c => c.MemberId, StringComparer.Ordinal);
    }
}
