namespace Ceptoar.Node.Web.Pages.Federation;

/// <summary>The statistics request's words (admin.proto SharingStatisticsRequest) in the person's language.</summary>
internal static class StatisticsViews
{
    public static string By(string by) => by switch
    {
        "sector" => FederationText.BySector,
        "ceptoar" => FederationText.ByCeptoar,
        "kind" => FederationText.ByKind,
        "label" => FederationText.ByLabel,
        "month" => FederationText.ByMonth,
        _ => by,
    };

    public static string Direction(string direction) => direction switch
    {
        "sent" => FederationText.DirectionSent,
        "received" => FederationText.DirectionReceived,
        _ => FederationText.DirectionBoth,
    };
}
