using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;
using static System.FormattableString;

namespace Ceptoar.Node.Members;

/// <summary>Opaque page tokens: the Seq to continue before (newest-first paging never skips or repeats).</summary>
internal static class PageTokens
{
    public static string Encode(long beforeSeq) => "p" + beforeSeq.ToString(CultureInfo.InvariantCulture);

    public static long? Decode(string token, string field)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (token.Length > 1 && token[0] == 'p' && long.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq > 0)
        {
            return seq;
        }

        throw GrpcErrors.InvalidArgument(field, MembersText.PageTokenInvalid, ErrorReasons.PageTokenInvalid);
    }
}

/// <summary>Turns list requests into store queries, refusing what makes no sense with field-level errors.</summary>
internal static class ItemQueries
{
    private const uint DefaultPageSize = 50;
    private const uint MaxPageSize = 500;
    private const int MaxTextChars = 200;

    public static ItemQuery FromMember(ListItemsRequest request, Vocabulary vocabulary)
    {
        var violations = new List<FieldViolation>();
        var query = Common(request.Kinds, request.Labels, request.CreatedFrom, request.CreatedTo, request.Text, request.PageSize, violations) with
        {
            Sector = Sector(request.Sector, vocabulary, violations),
            ExcludeExercise = request.ExcludeExercise,
        };
        Throw(violations);
        return query with { BeforeSeq = PageTokens.Decode(request.PageToken, "page_token") };
    }

    public static ItemQuery FromAdmin(AdminListItemsRequest request)
    {
        var violations = new List<FieldViolation>();
        var query = Common(request.Kinds, request.Labels, request.CreatedFrom, request.CreatedTo, request.Text, request.PageSize, violations) with
        {
            OriginNode = string.IsNullOrEmpty(request.OriginNode) ? null : request.OriginNode,
            SubmittedByMember = string.IsNullOrEmpty(request.SubmittedByMember) ? null : request.SubmittedByMember,
        };
        Throw(violations);
        return query with { BeforeSeq = PageTokens.Decode(request.PageToken, "page_token") };
    }

    private static ItemQuery Common(
        IList<ItemKind> kinds, IList<Tlp> labels, Timestamp? from, Timestamp? to, string text, uint pageSize, List<FieldViolation> violations)
    {
        for (var i = 0; i < kinds.Count; i++)
        {
            if (!System.Enum.IsDefined(kinds[i]) || kinds[i] == ItemKind.Unspecified)
            {
                violations.Add(new FieldViolation(Invariant($"kinds[{i}]"), string.Format(CultureInfo.InvariantCulture, MembersText.KindInvalid, (int)kinds[i])));
            }
        }

        for (var i = 0; i < labels.Count; i++)
        {
            if (!System.Enum.IsDefined(labels[i]) || labels[i] == Tlp.Unspecified)
            {
                violations.Add(new FieldViolation(Invariant($"labels[{i}]"), string.Format(CultureInfo.InvariantCulture, MembersText.LabelInvalid, (int)labels[i])));
            }
        }

        var fromTime = Time(from, "created_from", violations);
        var toTime = Time(to, "created_to", violations);
        if (fromTime is { } f && toTime is { } t && t <= f)
        {
            violations.Add(new FieldViolation("created_to", MembersText.CreatedToNotAfterFrom));
        }

        if (text.Length > MaxTextChars)
        {
            violations.Add(new FieldViolation("text", string.Format(CultureInfo.InvariantCulture, MembersText.SearchTextTooLong, MaxTextChars)));
        }

        if (pageSize > MaxPageSize)
        {
            violations.Add(new FieldViolation("page_size", string.Format(CultureInfo.InvariantCulture, MembersText.PageSizeTooLarge, pageSize, MaxPageSize)));
        }

        return new ItemQuery
        {
            Kinds = [.. kinds],
            Labels = [.. labels],
            CreatedFrom = fromTime,
            CreatedTo = toTime,
            Text = string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToLowerInvariant(),
            Limit = (int)(pageSize == 0 ? DefaultPageSize : pageSize),
        };
    }

    private static string? Sector(string sector, Vocabulary vocabulary, List<FieldViolation> violations)
    {
        if (string.IsNullOrEmpty(sector))
        {
            return null;
        }

        if (!vocabulary.Sectors.ContainsKey(sector))
        {
            violations.Add(new FieldViolation("sector", string.Format(CultureInfo.InvariantCulture, MembersText.SectorUnknown, sector, string.Join(", ", vocabulary.Sectors.Keys))));
        }

        return sector;
    }

    private static DateTimeOffset? Time(Timestamp? value, string field, List<FieldViolation> violations)
    {
        if (value is null)
        {
            return null;
        }

        // Timestamp.ToDateTimeOffset throws on out-of-range values; a caller's mistake, not a server fault.
        if (value.Seconds is < -62135596800 or > 253402300799 || value.Nanos is < 0 or > 999_999_999)
        {
            violations.Add(new FieldViolation(field, MembersText.TimeInvalid));
            return null;
        }

        return value.ToDateTimeOffset();
    }

    private static void Throw(List<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
    }
}
