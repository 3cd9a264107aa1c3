using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// Message-level mutations of a valid draft or item: deleted fields, strings just under and over the limits, enum values
/// nobody defined, bad indicators, control characters, lists over their bounds. Some leave the message valid by chance;
/// the tests decide that with the node's own validator, never by the mutation's name.
/// </summary>
internal static class HostileInputMessages
{
    private static readonly string[] Weird = ["\0", "\u0007", "\u202E", "\uFFFF", "\r\n", "\u200B", "\t", "\u0085", "😀", "ｱ"];

    /// <summary>Applies 1 to 3 random mutations to the request and returns their names joined.</summary>
    public static string MutateRequest(Random rng, SubmitRequest request)
    {
        var names = new List<string>();
        var count = 1 + rng.Next(3);
        for (var i = 0; i < count; i++)
        {
            names.Add(MutateRequestOnce(rng, request));
        }

        return string.Join('+', names);
    }

    /// <summary>Applies 1 to 3 random mutations to an item as a peer would send it.</summary>
    public static string MutateItem(Random rng, Item item)
    {
        var names = new List<string>();
        var count = 1 + rng.Next(3);
        for (var i = 0; i < count; i++)
        {
            names.Add(rng.Next(3) switch
            {
                0 => MutateItemFields(rng, item),
                _ => MutateBody(rng, item.Body ??= new Body()),
            });
        }

        return string.Join('+', names);
    }

    private static string MutateRequestOnce(Random rng, SubmitRequest request)
    {
        var draft = request.Draft ??= new ItemDraft();
        switch (rng.Next(14))
        {
            case 0: request.ClientRequestId = ""; return "no-request-id";
            case 1: request.ClientRequestId = Text(rng, rng.Next(2) == 0 ? 128 : 129 + rng.Next(10_000)); return "long-request-id";
            case 2: request.Draft = null; return "no-draft";
            case 3: draft.Kind = (ItemKind)RandomEnum(rng); return "kind-int";
            case 4: draft.Tlp = (Tlp)RandomEnum(rng); return "tlp-int";
            case 5: draft.Language = rng.Next(2) == 0 ? "" : Text(rng, rng.Next(1, 40)); return "language";
            case 6: draft.Audience = RandomAudience(rng); return "audience";
            case 7:
                draft.Handling = new HandlingPolicy { Attribution = (Attribution)RandomEnum(rng), PermittedActions = { (PermittedAction)RandomEnum(rng) } };
                return "handling-ints";
            case 8: draft.References = RandomReferences(rng); return "references";
            case 9: draft.ExpiresAt = RandomTimestamp(rng); return "expires-at";
            case 10: draft.Body = null; return "no-body";
            default: return MutateBody(rng, draft.Body ??= new Body());
        }
    }

    private static string MutateItemFields(Random rng, Item item)
    {
        switch (rng.Next(9))
        {
            case 0: item.Id = rng.Next(2) == 0 ? "" : Text(rng, 36); return "item-id";
            case 1: item.OriginNode = rng.Next(2) == 0 ? "" : Text(rng, rng.Next(1, 80)); return "origin";
            case 2: item.CreatedAt = rng.Next(2) == 0 ? null : RandomTimestamp(rng); return "created-at";
            case 3: item.ExpiresAt = rng.Next(2) == 0 ? null : RandomTimestamp(rng); return "expires-at";
            case 4: item.Tlp = (Tlp)RandomEnum(rng); return "tlp-int";
            case 5: item.Kind = (ItemKind)RandomEnum(rng); return "kind-int";
            case 6: item.Audience = RandomAudience(rng); return "audience";
            case 7: item.SubmittedBy = new SubmittedBy { Node = Text(rng, rng.Next(0, 70)), MemberId = Text(rng, rng.Next(0, 70)) }; return "submitted-by";
            default: item.References = RandomReferences(rng); return "references";
        }
    }

    private static string MutateBody(Random rng, Body body)
    {
        switch (rng.Next(16))
        {
            case 0: body.Title = rng.Next(2) == 0 ? "" : Text(rng, rng.Next(2) == 0 ? 200 : 201); return "title-length";
            case 1: body.Summary = Text(rng, rng.Next(2) == 0 ? 4_000 : 4_001); return "summary-length";
            case 2: body.What = Text(rng, rng.Next(2) == 0 ? 20_000 : 20_001); return "what-length";
            case 3: (body.Why ??= new Why()).Cause = Text(rng, rng.Next(2) == 0 ? 500 : 501); return "cause-length";
            case 4: (body.Why ??= new Why()).ThreatType = Text(rng, rng.Next(1, 30)); return "threat-type";
            case 5: body.Severity = (Severity)RandomEnum(rng); return "severity-int";
            case 6: (body.How ??= new How()).Status = (HandlingStatus)RandomEnum(rng); return "status-int";
            case 7: body.Indicators.Add(new Indicator { Type = (IndicatorType)RandomEnum(rng), Value = Text(rng, rng.Next(0, 80)) }); return "indicator-type-int";
            case 8: body.Indicators.Add(BadIndicator(rng)); return "indicator-value";
            case 9:
                body.Indicators.Add(new Indicator { Type = IndicatorType.FreeText, Value = Text(rng, rng.Next(2) == 0 ? 2_048 : 2_049) });
                return "indicator-length";
            case 10:
                {
                    // Just over the count limit, or far over the request size limit.
                    var count = rng.Next(2) == 0 ? 1_001 : 100_000;
                    body.Indicators.AddRange(Enumerable.Range(0, count).Select(i => new Indicator { Type = IndicatorType.Ipv4, Value = $"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}" }));
                    return count == 1_001 ? "indicators-1001" : "indicators-100k";
                }

            case 11:
                body.Affected.AddRange(Enumerable.Range(0, rng.Next(2) == 0 ? 100 : 101 + rng.Next(2_000)).Select(i => Text(rng, 8)));
                return "affected-count";
            case 12: body.Title = Weird[rng.Next(Weird.Length)] + body.Title + Weird[rng.Next(Weird.Length)]; return "control-chars";
            case 13: body.OccurredAt = RandomTimestamp(rng); return "occurred-at";
            case 14: body.Where = new Where { Regions = { Text(rng, rng.Next(0, 600)) }, Systems = { Weird[rng.Next(Weird.Length)] } }; return "where";
            default: body.Title = HostileInputBytes.Sentinel; return "sentinel-title";
        }
    }

    private static Indicator BadIndicator(Random rng)
    {
        var (type, value) = rng.Next(8) switch
        {
            0 => (IndicatorType.Ipv4, "300.1.2.3"),
            1 => (IndicatorType.Ipv6, "2001:db8:::1"),
            2 => (IndicatorType.Domain, "-bad-.example..jp"),
            3 => (IndicatorType.Url, "javascript:alert(1)"),
            4 => (IndicatorType.Email, "no-at-sign.example.jp"),
            5 => (IndicatorType.Sha256, new string('g', 64)),
            6 => (IndicatorType.Cve, "CVE-99-1"),
            _ => (IndicatorType.Md5, new string('a', 31)),
        };
        return new Indicator { Type = type, Value = value };
    }

    private static Audience RandomAudience(Random rng) => rng.Next(4) switch
    {
        0 => new Audience(),
        1 => new Audience { Sectors = { Text(rng, rng.Next(1, 20)) } },
        2 => new Audience { Nodes = { Enumerable.Range(0, 101).Select(i => $"node-{i}") } },
        _ => new Audience { Members = { new MemberRef { Node = Text(rng, 5), MemberId = Text(rng, rng.Next(0, 100)) } } },
    };

    private static References RandomReferences(Random rng) => rng.Next(3) switch
    {
        0 => new References { InReplyTo = Text(rng, 36) },
        1 => new References { Related = { Enumerable.Repeat(Core.Items.UuidV7.NewId(), 2) } },
        _ => new References { Supersedes = { Enumerable.Range(0, 101).Select(_ => Core.Items.UuidV7.NewId()) } },
    };

    private static Timestamp RandomTimestamp(Random rng) => rng.Next(4) switch
    {
        0 => new Timestamp { Seconds = long.MaxValue },
        1 => new Timestamp { Seconds = 1, Nanos = -5 },
        2 => Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-rng.Next(1, 10_000))),
        _ => Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(rng.Next(3_000, 4_000))),
    };

    private static int RandomEnum(Random rng) => rng.Next(3) switch
    {
        0 => rng.Next(-3, 30),
        1 => int.MinValue + rng.Next(10),
        _ => int.MaxValue - rng.Next(10),
    };

    /// <summary>length characters, mostly ASCII letters with some Japanese and the odd control or format character.</summary>
    private static string Text(Random rng, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = rng.Next(20) switch
            {
                0 => (char)rng.Next(0, 32),
                1 => (char)rng.Next(0x3041, 0x3097),
                _ => (char)rng.Next('a', 'z' + 1),
            };
        }

        return new string(chars);
    }
}
