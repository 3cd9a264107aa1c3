namespace Ceptoar.Node.Web.Pages.Federation;

/// <summary>A node's query status (query.proto NodeQueryStatus) in the person's language.</summary>
internal static class QueryViews
{
    public static string Status(string status) => status switch
    {
        "answered" => FederationText.StatusAnswered,
        "refused" => FederationText.StatusRefused,
        "timed_out" => FederationText.StatusTimedOut,
        "unreachable" => FederationText.StatusUnreachable,
        _ => status,
    };
}
