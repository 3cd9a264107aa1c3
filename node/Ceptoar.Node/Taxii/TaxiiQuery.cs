using System.Globalization;
using System.Text.RegularExpressions;

namespace Ceptoar.Node.Taxii;

/// <summary>The URL parameters of a TAXII read (TAXII 2.1 §3.4): checked, each refusal naming the parameter and what to do.</summary>
internal sealed partial record TaxiiQuery(TaxiiFilter Filter, int Limit, FeedPosition? Next)
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1_000;

    private static readonly string[] Known = ["added_after", "limit", "next", "match[type]", "match[id]", "match[version]", "match[spec_version]"];

    /// <param name="objectId">Set for the endpoints of one object: only its versions are read.</param>
    public static TaxiiQuery Parse(IQueryCollection query, string? objectId)
    {
        foreach (var (name, values) in query)
        {
            if (!Known.Contains(name, StringComparer.Ordinal))
            {
                throw TaxiiException.BadRequest("unknown_parameter", string.Format(CultureInfo.InvariantCulture, TaxiiText.UnknownParameter, Shorten(name)));
            }

            if (values.Count > 1)
            {
                throw TaxiiException.BadRequest("repeated_parameter", string.Format(CultureInfo.InvariantCulture, TaxiiText.RepeatedParameter, name));
            }
        }

        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            throw TaxiiException.BadRequest("bad_limit", string.Format(CultureInfo.InvariantCulture, TaxiiText.BadLimit, Shorten(limitText.ToString()), MaxLimit, DefaultLimit));
        }

        FeedPosition? next = null;
        if (query.TryGetValue("next", out var nextText))
        {
            next = FeedPosition.FromToken(nextText.ToString())
                ?? throw TaxiiException.BadRequest("bad_next", string.Format(CultureInfo.InvariantCulture, TaxiiText.BadNext, Shorten(nextText.ToString())));
        }

        DateTimeOffset? addedAfter = null;
        if (query.TryGetValue("added_after", out var afterText))
        {
            addedAfter = TaxiiWire.ParseTimestamp(afterText.ToString())
                ?? throw TaxiiException.BadRequest("bad_added_after", string.Format(CultureInfo.InvariantCulture, TaxiiText.BadAddedAfter, Shorten(afterText.ToString())));
        }

        var types = List(query, "match[type]", v => StixType().IsMatch(v), TaxiiText.BadMatchType, "bad_match_type");
        var ids = objectId is not null ? [objectId] : List(query, "match[id]", v => StixId().IsMatch(v), TaxiiText.BadMatchId, "bad_match_id");
        var versions = List(query, "match[version]", v => v is "first" or "last" or "all" || TaxiiWire.ParseTimestamp(v) is not null, TaxiiText.BadMatchVersion, "bad_match_version");
        var specVersions = List(query, "match[spec_version]", v => v is "2.0" or "2.1", TaxiiText.BadMatchVersion, "bad_match_spec_version");
        var filter = new TaxiiFilter(addedAfter, types?.ToHashSet(StringComparer.Ordinal), ids?.ToHashSet(StringComparer.Ordinal), versions, specVersions?.ToHashSet(StringComparer.Ordinal));
        return new TaxiiQuery(filter, limit, next);
    }

    private static List<string>? List(IQueryCollection query, string name, Func<string, bool> valid, string message, string code)
    {
        if (!query.TryGetValue(name, out var text))
        {
            return null;
        }

        var values = text.ToString().Split(',', StringSplitOptions.TrimEntries);
        if (values.Length > 100 || values.FirstOrDefault(v => v.Length > 200 || !valid(v)) is { } bad)
        {
            throw TaxiiException.BadRequest(code, string.Format(CultureInfo.InvariantCulture, message, Shorten(values.Length > 100 ? text.ToString() : values.First(v => v.Length > 200 || !valid(v)))));
        }

        return [.. values];
    }

    /// <summary>What a refusal quotes of the caller's text: enough to recognise it, never a page of it.</summary>
    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,249}$", RegexOptions.CultureInvariant)]
    private static partial Regex StixType();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,249}--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex StixId();
}
