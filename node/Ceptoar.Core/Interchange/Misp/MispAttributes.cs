using System.Globalization;
using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Interchange.Misp;

/// <summary>One attribute of an exported event; <see cref="Field"/> names the 5W1H field it carries, null for an indicator.</summary>
internal sealed record MispAttribute(string Uuid, string Type, string Category, bool ToIds, string Value, string Comment, string? Field);

/// <summary>The attributes of an item's body: its 5W1H texts and times first, then its indicators in order.</summary>
internal static class MispAttributes
{
    public static List<MispAttribute> Of(Item item, Body body)
    {
        var list = new List<MispAttribute>(body.Indicators.Count + 4);
        var within = NameBasedUuid.NamespaceOf(item.Id);
        void Text(string field, string value, string name)
        {
            if (value.Length > 0)
            {
                list.Add(new(NameBasedUuid.Of(within, name), "text", "Other", false, value, field, field));
            }
        }

        void Time(string field, Timestamp? time)
        {
            if (time is not null)
            {
                var value = time.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);
                list.Add(new(NameBasedUuid.Of(within, field), "datetime", "Other", false, value, field, field));
            }
        }

        void List(string field, IEnumerable<string> values)
        {
            var i = 0;
            foreach (var value in values)
            {
                Text(field, value, $"{field}/{i++}");
            }
        }

        Text(MispVocabulary.Fields.Summary, body.Summary, MispVocabulary.Fields.Summary);
        Text(MispVocabulary.Fields.What, body.What, MispVocabulary.Fields.What);
        Text(MispVocabulary.Fields.Cause, body.Why?.Cause ?? string.Empty, MispVocabulary.Fields.Cause);
        Time(MispVocabulary.Fields.OccurredAt, body.OccurredAt);
        Time(MispVocabulary.Fields.DetectedAt, body.DetectedAt);
        List(MispVocabulary.Fields.WhereSystem, body.Where?.Systems ?? []);
        List(MispVocabulary.Fields.WhereService, body.Where?.Services ?? []);
        List(MispVocabulary.Fields.WhereRegion, body.Where?.Regions ?? []);
        List(MispVocabulary.Fields.Affected, body.Affected);
        List(MispVocabulary.Fields.ActionTaken, body.How?.ActionsTaken ?? []);

        for (var i = 0; i < body.Indicators.Count; i++)
        {
            var indicator = body.Indicators[i];
            var shape = MispVocabulary.ShapeOf(indicator.Type);
            list.Add(new(NameBasedUuid.Of(within, string.Create(CultureInfo.InvariantCulture, $"indicator/{i}")), shape.Type, shape.Category,
                shape.ToIds, indicator.Value, indicator.Description, null));
        }

        return list;
    }
}
