using Ceptoar.Node.People;

namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>
/// Who acknowledged through the console (docs/CONSOLE.md §3): the member API's acknowledgement has a note and no person,
/// so the console writes the person there, "Name &lt;login&gt;"; the origin reads it where the node shares names.
/// </summary>
internal static class AcknowledgerNote
{
    public static string Of(Person person) => person.DisplayName + " <" + person.Login + ">";
}
