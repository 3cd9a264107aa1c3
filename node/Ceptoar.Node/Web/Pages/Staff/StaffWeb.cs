using System.Text;
using Ceptoar.Core.Items;
using Ceptoar.Node.People;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Web.Pages.Staff;

/// <summary>What the staff pages share (docs/CONSOLE.md §4): who acts, and how a refusal of an Administration service is shown.</summary>
internal static class StaffWeb
{
    /// <summary>
    /// The staff name the Administration services record for the person ("staff:&lt;name&gt;" in the audit log): their
    /// display name, each character a staff name cannot hold (a space, ':') made '_' so the log stays unambiguous
    /// (StaffNames.Rule); the login when nothing of the name is left.
    /// </summary>
    public static string StaffName(Person person)
    {
        var name = new StringBuilder();
        foreach (var c in person.DisplayName.Trim())
        {
            name.Append(char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '@' ? c : '_');
        }

        var text = name.Length > StaffNames.MaxLength ? name.ToString(0, StaffNames.MaxLength) : name.ToString();
        if (StaffNames.IsValid(text) && text.Any(char.IsLetterOrDigit))
        {
            return text;
        }

        var login = person.Login.Length > StaffNames.MaxLength ? person.Login[..StaffNames.MaxLength] : person.Login;
        return StaffNames.IsValid(login) ? login : "staff";
    }

    /// <summary>The actor of the audit log for the person, as the admin API writes a staff name.</summary>
    public static string Actor(Person person) => "staff:" + StaffName(person);

    /// <summary>A time in the node's zone, or "—" when unset.</summary>
    public static string When(WebTime time, Timestamp? at) => at is null ? "—" : time.Format(at.ToDateTimeOffset());

    /// <summary>The service's message of a refusal: already in the person's language (the services read CurrentUICulture).</summary>
    public static string Message(RpcException refused) => refused.Status.Detail;

    /// <summary>Each field the service named in a refusal, with its description (google.rpc.BadRequest).</summary>
    public static IReadOnlyDictionary<string, string> Fields(RpcException refused)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var violation in WebLabels.Violations(refused))
        {
            fields.TryAdd(violation.Field, violation.Description);
        }

        return fields;
    }

    /// <summary>A held item's state ("held", "approved", "rejected") in the person's language.</summary>
    public static string HeldState(string state) => state switch
    {
        "held" => StaffText.StateHeld,
        "approved" => StaffText.StateApproved,
        "rejected" => StaffText.StateRejected,
        _ => state,
    };

    /// <summary>A body field `queue edit --remove` clears, in the person's language.</summary>
    public static string RemovableFieldName(string field) => field switch
    {
        "what" => StaffText.FieldWhat,
        "affected" => StaffText.FieldAffected,
        "where" => StaffText.FieldWhere,
        "indicators" => StaffText.FieldIndicators,
        "actions_taken" => StaffText.FieldActionsTaken,
        "cause" => StaffText.FieldCause,
        _ => field,
    };

    /// <summary>A recipient's delivery state (ItemStatus, DrillReport) in the person's language.</summary>
    public static string DeliveryState(string state) => state switch
    {
        "pending" => StaffText.DeliveryPending,
        "delivered" => StaffText.DeliveryDelivered,
        "acknowledged" => StaffText.DeliveryAcknowledged,
        "rejected" => StaffText.DeliveryRejected,
        "relayed" => StaffText.DeliveryRelayed,
        "not-reached" => StaffText.DeliveryNotReached,
        _ => state,
    };

    /// <summary>
    /// Who acknowledged, as the origin recorded it: a member's name in the person's language where that node shares it,
    /// else "member:&lt;id&gt;", "member 2" (unnamed, numbered), "staff:&lt;name&gt;" or "admin".
    /// </summary>
    public static string Who(string by, string nameJa, string nameEn, uint number)
    {
        var ja = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";
        var name = ja ? (nameJa.Length > 0 ? nameJa : nameEn) : (nameEn.Length > 0 ? nameEn : nameJa);
        if (name.Length > 0)
        {
            return name;
        }

        return by == "member" && number > 0 ? string.Format(System.Globalization.CultureInfo.CurrentCulture, StaffText.UnnamedMember, number) : by;
    }

    /// <summary>A refusal of the request (bad id, no such thing, not possible now), as opposed to a failure of the node.</summary>
    public static bool IsRefusal(RpcException refused) => refused.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument or StatusCode.FailedPrecondition;

    /// <summary>Whether a refusal answers "no such thing here" (the page then says so with a 404).</summary>
    public static bool IsNotFound(RpcException refused) => refused.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument;
}
