using System.Globalization;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Web.Pages.Federation;

/// <summary>
/// What the staff pages about the federation share (docs/CONSOLE.md §4.5–4.10): label badges, times, and the admin
/// services' refusals turned into errors next to the page's own fields.
/// </summary>
internal static class StaffView
{
    /// <summary>True when the page is in Japanese: names come in both languages from descriptors and members.</summary>
    public static bool Japanese => WebLanguage.Code(CultureInfo.CurrentUICulture) == "ja";

    /// <summary>The name in the page's language, the other one when that is empty.</summary>
    public static string Name(string ja, string en) => Japanese ? (ja.Length > 0 ? ja : en) : (en.Length > 0 ? en : ja);

    public static string Kind(ItemKind kind) => RuleNames.Kind(kind);

    public static string Time(WebTime time, Timestamp? at) => at is null || at.Seconds == 0 && at.Nanos == 0 ? "-" : time.Format(at.ToDateTimeOffset());

    public static string Count(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The admin service's field violations (InvalidArgument with google.rpc.BadRequest, in the request's language) as
    /// errors of this page's fields: <paramref name="fields"/> maps the service's field names to the form's.
    /// </summary>
    public static bool TryFieldErrors(RpcException error, IReadOnlyDictionary<string, string> fields, string fallback, Dictionary<string, string> into)
    {
        if (error.StatusCode != StatusCode.InvalidArgument)
        {
            return false;
        }

        var violations = WebLabels.Violations(error);
        if (violations.Count == 0)
        {
            into[fallback] = error.Status.Detail;
            return true;
        }

        foreach (var violation in violations)
        {
            var field = fields.FirstOrDefault(f => violation.Field.StartsWith(f.Key, StringComparison.Ordinal)).Value ?? fallback;
            into[field] = into.TryGetValue(field, out var before) ? before + " " + violation.Description : violation.Description;
        }

        return true;
    }

    /// <summary>What a typed value is shown back as: plain text within the limit, else nothing (docs/CONSOLE.md §1).</summary>
    public static string? Echo(string? value, int max) => WebInput.EchoOrNothing(value, max);
}
