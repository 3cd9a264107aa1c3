using System.Globalization;
using System.Text.Json;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Interchange.Stix;

/// <summary>An indicator (its STIX pattern) or a vulnerability (its CVE id) as an item's typed indicator.</summary>
internal static class StixIndicatorReader
{
    public static Indicator Read(StixFields fields, string type, ItemLimits limits)
    {
        if (fields.Boolean("revoked") == true)
        {
            throw new StixRefusalException("revoked", StixText.Format(nameof(InterchangeText.RevokedObject)));
        }

        var description = fields.String("description", limits.MaxShortTextChars) ?? string.Empty;
        return type == "indicator"
            ? new Indicator { Type = ReadPattern(fields, limits, out var value), Value = value, Description = description }
            : new Indicator { Type = IndicatorType.Cve, Value = Cve(fields), Description = description };
    }

    private static IndicatorType ReadPattern(StixFields fields, ItemLimits limits, out string value)
    {
        // STIX 2.0 indicators have no pattern_type: their pattern is a STIX pattern.
        if (fields.String("pattern_type") is { } patternType && patternType != "stix")
        {
            throw new StixRefusalException("bad_pattern", StixText.Format(nameof(InterchangeText.PatternType), patternType));
        }

        var (type, read) = StixPatterns.Read(fields.RequiredString("pattern", "indicator"));
        if (read.Length > limits.MaxIndicatorValueChars)
        {
            throw StixFields.TooLong(fields.Field("pattern"), read.Length, limits.MaxIndicatorValueChars);
        }

        if (IndicatorSyntax.Problem(type, read) is { } problem)
        {
            // The problem phrase never repeats the value (IndicatorSyntax): a RED indicator must not reach a log through it.
            throw new StixRefusalException("bad_value", StixText.Format(nameof(InterchangeText.BadValue), ProtoNames.Of(type), problem.In(CultureInfo.CurrentUICulture)));
        }

        value = read;
        return type;
    }

    private static string Cve(StixFields fields)
    {
        if (fields.String("name") is { } name && IndicatorSyntax.Problem(IndicatorType.Cve, name) is null)
        {
            return name;
        }

        foreach (var reference in fields.Array("external_references"))
        {
            if (reference.ValueKind == JsonValueKind.Object
                && reference.TryGetProperty("source_name", out var source) && source.ValueKind == JsonValueKind.String && source.GetString() == "cve"
                && reference.TryGetProperty("external_id", out var id) && id.ValueKind == JsonValueKind.String
                && IndicatorSyntax.Problem(IndicatorType.Cve, id.GetString()!) is null)
            {
                return id.GetString()!;
            }
        }

        throw new StixRefusalException("bad_value", StixText.Format(nameof(InterchangeText.NoCve)));
    }
}
