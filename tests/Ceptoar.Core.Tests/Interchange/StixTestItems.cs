using Ceptoar.Core.Interchange;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Tests.Interchange;

/// <summary>Items as a node holds them, for the STIX tests: fixed ids and times so expected ids can be written literally.</summary>
internal static class StixTestItems
{
    public const string ItemId = "01938a4e-6f00-7000-8000-000000000001";
    public const string Origin = "bank-ceptoar";
    public static readonly DateTimeOffset Created = new(2026, 12, 1, 9, 30, 0, 123, TimeSpan.Zero);
    public static readonly ExportContext Context = new("bank-ceptoar", new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    /// <summary>One value of every indicator type, each valid by IndicatorSyntax.</summary>
    public static readonly (IndicatorType Type, string Value)[] EveryIndicator =
    [
        (IndicatorType.Ipv4, "203.0.113.7"),
        (IndicatorType.Ipv6, "2001:db8::7"),
        (IndicatorType.Domain, "evil.example.jp"),
        (IndicatorType.Url, "https://evil.example.jp/login?next='x'"),
        (IndicatorType.Email, "phish@evil.example.jp"),
        (IndicatorType.Md5, "d41d8cd98f00b204e9800998ecf8427e"),
        (IndicatorType.Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        (IndicatorType.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (IndicatorType.Cve, "CVE-2024-3400"),
        (IndicatorType.FreeText, "不審なPowerShellの実行"),
    ];

    public static readonly ItemKind[] MemberKinds =
    [
        ItemKind.IncidentReport, ItemKind.EarlyWarning, ItemKind.AttackMethod, ItemKind.RecoveryMethod, ItemKind.RelatedInformation,
        ItemKind.CoordinationRequest, ItemKind.DamageReport, ItemKind.ResponseStatus, ItemKind.VulnerabilityInformation, ItemKind.CrimeDamage,
    ];

    public static Item Item(string id = ItemId, Tlp tlp = Tlp.Amber, ItemKind kind = ItemKind.IncidentReport, bool exercise = false,
        bool submittedBy = false, bool everyIndicator = true)
    {
        var item = new Item
        {
            Id = id,
            OriginNode = Origin,
            CreatedAt = Timestamp.FromDateTimeOffset(Created),
            ExpiresAt = Timestamp.FromDateTimeOffset(Created.AddDays(90)),
            Tlp = tlp,
            Kind = kind,
            Exercise = exercise,
            Language = "ja",
            Audience = new Audience { Nodes = { "power-ceptoar" } },
            Body = new Body
            {
                Title = "ランサムウェアによる勘定系の停止",
                Summary = "勘定系サーバがランサムウェアに感染し、ATMが停止した。",
                OccurredAt = Timestamp.FromDateTimeOffset(Created.AddHours(-3)),
                DetectedAt = Timestamp.FromDateTimeOffset(Created.AddHours(-2)),
                Where = new Where { Systems = { "勘定系" }, Services = { "ATM" }, Regions = { "関東" } },
                Affected = { "個人顧客" },
                What = "午前6時頃から勘定系サーバのファイルが暗号化された。",
                Why = new Why { ThreatType = "attack.intrusion", Cause = "VPN機器の脆弱性" },
                How = new How { ActionsTaken = { "ネットワーク遮断" }, Status = HandlingStatus.Contained },
                Severity = Severity.High,
            },
            References = new References { Related = { "01938a4e-6f00-7000-8000-0000000000ff" } },
            Voluntary = kind == ItemKind.CrimeDamage,
        };
        if (everyIndicator)
        {
            foreach (var (type, value) in EveryIndicator)
            {
                item.Body.Indicators.Add(new Indicator { Type = type, Value = value, Description = "観測: " + type });
            }
        }

        if (submittedBy)
        {
            item.SubmittedBy = new SubmittedBy { Node = Origin, MemberId = "mufg-bank", DisplayName = "三菱UFJ銀行" };
        }

        return item;
    }

    /// <summary>A revoked item as the feed shows it: the tombstone (id, origin, kind, label, exercise flag, times; no body).</summary>
    public static ExportedItem Revoked(string id = ItemId, Tlp tlp = Tlp.Red, bool exercise = false) => new(
        new Item
        {
            Id = id,
            OriginNode = Origin,
            CreatedAt = Timestamp.FromDateTimeOffset(Created),
            ExpiresAt = Timestamp.FromDateTimeOffset(Created.AddDays(90)),
            Tlp = tlp,
            Kind = ItemKind.IncidentReport,
            Exercise = exercise,
        },
        Created.AddHours(1),
        new Withdrawal
        {
            State = "revoked",
            ByItemId = "01938a4e-6f00-7000-8000-0000000000aa",
            Reason = "誤報",
            At = Timestamp.FromDateTimeOffset(Created.AddHours(5)),
            OriginNode = Origin,
        });

    public static ExportedItem Exported(Item item) => new(item, Created.AddMinutes(1));
}
