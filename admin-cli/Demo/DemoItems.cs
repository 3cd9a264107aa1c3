using System.Security.Cryptography;
using System.Text;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Demo;

/// <summary>A member company the demo registers, and the node it belongs to.</summary>
internal sealed record DemoMember(string NodeId, string MemberId, string NameJa, string NameEn, string Sector);

/// <summary>A sample person the demo registers to be notified: of a member (<see cref="MemberId"/>) or, when that is null, of the node's duty roster.</summary>
internal sealed record DemoPerson(string NodeId, string? MemberId, string Name, string Email, string Language, string Role);

/// <summary>One report the demo submits: a caption for people and the draft the member sends.</summary>
internal sealed record DemoReport(string Caption, ItemDraft Draft);

/// <summary>The sample members and the three reports of the demo scenario. Pure: no I/O.</summary>
internal static class DemoItems
{
    public const string Reporter = "mizuho-bank";
    public const string ReporterNode = "bank-ceptoar";

    /// <summary>The member that reads and acknowledges the GREEN report, so that its receipt shows "acknowledged".</summary>
    public const string Acknowledger = "tepco";

    /// <summary>The handling rules every sample secretariat imports in the large-scale scenario: reports go up by default, within the label (docs/MODES.md §2).</summary>
    public const string LargeScaleRules = """
        rule large-scale-terror
          description 大規模IT障害時、テロの疑いがある報告は内閣官房にも / in large-scale mode, suspected terrorism also to the Cabinet crisis office
          when direction=submitted mode=large-scale terror=yes
          then copy=nisc,sector-ministry,role:disaster-management,role:cabinet-crisis

        rule large-scale-up
          description 大規模IT障害時、被害情報と対応状況は NISC・所管省庁・防災関係府省庁へ / damage and response status up in large-scale mode
          when direction=submitted mode=large-scale kind=damage-report,response-status
          then copy=nisc,sector-ministry,role:disaster-management

        rule reports-up
          description 障害・攻撃情報は NISC と所管省庁へ / incident reports to NISC and the sector's ministry
          when direction=submitted kind=incident-report
          then copy=nisc,sector-ministry
        """;

    /// <summary>Why NISC switches to large-scale mode, and back, in the large-scale scenario.</summary>
    public const string LargeScaleReason = "大規模IT障害（デモ）: 首都圏で広域の通信障害 / large-scale IT failure (demo): wide-area network outage in the Tokyo area";

    public const string BackToNormalReason = "復旧を確認（デモ）/ recovery confirmed (demo)";

    /// <summary>The titles of the large-scale scenario's three reports.</summary>
    public const string DamageTitle = "勘定系システムの一部で取引遅延（デモ）/ delayed transactions in part of the core banking system (demo)";

    public const string StatusTitle = "系統運用は継続、復旧作業中（デモ）/ grid operation continues, recovery under way (demo)";

    public const string TerrorTitle = "ATM 網への同時多発的な妨害、テロの疑い（デモ）/ simultaneous disruption of the ATM network, terrorism suspected (demo)";

    public static readonly IReadOnlyList<DemoMember> Members =
    [
        new("bank-ceptoar", "mizuho-bank", "株式会社みずほ銀行", "Mizuho Bank, Ltd.", "finance"),
        new("bank-ceptoar", "mufg-bank", "株式会社三菱UFJ銀行", "MUFG Bank, Ltd.", "finance"),
        new("electricity-ceptoar", "tepco", "東京電力パワーグリッド株式会社", "TEPCO Power Grid, Inc.", "electricity"),
        new("local-gov-ceptoar", "tokyo-metropolis", "東京都", "Tokyo Metropolitan Government", "government"),
    ];

    /// <summary>
    /// The people told when a report reaches them (docs/NOTIFICATIONS.md §6): a Japanese and an English contact at two
    /// members, one at the others (the reporter's own is never told of its own reports), and each node's duty roster.
    /// </summary>
    public static readonly IReadOnlyList<DemoPerson> People =
    [
        new("bank-ceptoar", "mizuho-bank", "みずほ銀行 CSIRT 田中 次郎（サンプル）", "tanaka.jiro@mizuho-bank.example.jp", "ja", "CSIRT"),
        new("bank-ceptoar", "mufg-bank", "三菱UFJ銀行 CSIRT 山田 太郎（サンプル）", "yamada.taro@mufg-bank.example.jp", "ja", "CSIRT"),
        new("bank-ceptoar", "mufg-bank", "MUFG Bank CSIRT, Alex Smith (sample)", "alex.smith@mufg-bank.example.jp", "en", "CSIRT"),
        new("electricity-ceptoar", "tepco", "東京電力PG SOC 佐藤 花子（サンプル）", "sato.hanako@tepco.example.jp", "ja", "SOC"),
        new("electricity-ceptoar", "tepco", "TEPCO PG SOC, Jordan Lee (sample)", "jordan.lee@tepco.example.jp", "en", "SOC"),
        new("local-gov-ceptoar", "tokyo-metropolis", "東京都 情報セキュリティ担当 鈴木 一郎（サンプル）", "suzuki.ichiro@tokyo-metropolis.example.jp", "ja", "CISO office"),
        new("nisc", null, "NISC duty officer (sample)", "duty@nisc.example.jp", "en", "duty"),
        new("council", null, "セプターカウンシル事務局 当番（サンプル）", "duty@council.example.jp", "ja", "duty"),
        new("bank-ceptoar", null, "銀行等セプター事務局 当番（サンプル）", "duty@bank-ceptoar.example.jp", "ja", "duty"),
        new("electricity-ceptoar", null, "Electricity CEPTOAR duty officer (sample)", "duty@electricity-ceptoar.example.jp", "en", "duty"),
        new("local-gov-ceptoar", null, "自治体セプター事務局 当番（サンプル）", "duty@local-gov-ceptoar.example.jp", "ja", "duty"),
    ];

    /// <summary>The three reports mizuho-bank submits: GREEN to everyone, AMBER to the electricity sector, AMBER+STRICT to the Council.</summary>
    public static IReadOnlyList<DemoReport> Reports(DateTimeOffset now) => [Green(now), AmberToElectricity(now), AmberStrictToCouncil(now)];

    private static DemoReport Green(DateTimeOffset now)
    {
        var body = new Body
        {
            Title = "インターネットバンキングへのリスト型攻撃の急増 / Surge of credential-stuffing logins against internet banking",
            Summary = "海外のIPアドレス群から個人向けインターネットバンキングへの不正ログイン試行が平常時の約40倍に増加。不正送金の試み3件を検知し、いずれも阻止。"
                + " Login attempts from foreign addresses rose about 40-fold; three fraudulent transfers were attempted and all were blocked.",
            OccurredAt = Timestamp.FromDateTimeOffset(now.AddHours(-5)),
            DetectedAt = Timestamp.FromDateTimeOffset(now.AddHours(-4)),
            Where = new Where { Systems = { "インターネットバンキング認証基盤 / internet banking authentication" }, Services = { "個人向けインターネットバンキング / retail internet banking" }, Regions = { "全国 / nationwide" } },
            Affected = { "個人顧客 約1,200口座 / about 1,200 retail accounts" },
            What = "02:00頃から、他サービスから流出したとみられるID・パスワードの組み合わせによるログイン試行が急増。成功した12件のうち3件で振込先の新規登録と送金が試みられたが、追加認証で阻止した。"
                + " From about 02:00 JST, logins with ID/password pairs apparently leaked from other services surged; 3 of the 12 successful logins tried to register payees and transfer funds, which step-up authentication stopped.",
            Why = new Why { ThreatType = "attack.intrusion", Cause = "他サービスから流出した認証情報の使い回し / reuse of credentials leaked from other services" },
            How = new How
            {
                ActionsTaken = { "攻撃元IPアドレスからの接続を遮断 / blocked the source addresses", "該当口座のパスワードを強制リセット / forced password resets on affected accounts" },
                Status = HandlingStatus.Contained,
            },
            Severity = Severity.Medium,
            Indicators =
            {
                new Indicator { Type = IndicatorType.Ipv4, Value = "203.0.113.47", Description = "不正ログイン試行の主な送信元 / main source of the login attempts" },
                new Indicator { Type = IndicatorType.Sha256, Value = Sha256("credential-list-2025.txt"), Description = "攻撃に使われたIDリストのSHA-256 / SHA-256 of the credential list used" },
            },
        };
        return Report(DemoText.CaptionGreen, Tlp.Green, new Audience { WholeFederation = true }, body);
    }

    private static DemoReport AmberToElectricity(DateTimeOffset now)
    {
        var body = new Body
        {
            Title = "電力会社を騙る料金請求メールによるマルウェア配布 / Malware spread by fake electricity bills",
            Summary = "当行顧客宛てに電力会社の料金請求を装ったメールが大量送信され、添付ファイルを開いた端末がマルウェアに感染。電力各社の顧客も標的の可能性。"
                + " Mails posing as electricity bills reached our customers; opening the attachment installs malware. Utilities' customers are likely targets too.",
            OccurredAt = Timestamp.FromDateTimeOffset(now.AddHours(-3)),
            DetectedAt = Timestamp.FromDateTimeOffset(now.AddHours(-2)),
            Where = new Where { Services = { "電子メール / e-mail" }, Regions = { "関東 / Kanto" } },
            Affected = { "電力会社の顧客 / customers of electricity utilities" },
            What = "件名「【重要】電気料金のお支払いについて」の添付ZIP内の実行ファイルが情報窃取型マルウェアを設置し、203.0.113.88へ通信する。"
                + " An executable inside the ZIP attached to \"Important: your electricity payment\" installs an info-stealer that calls 203.0.113.88.",
            Why = new Why { ThreatType = "attack.malware", Cause = "なりすましメール / impersonation e-mail" },
            How = new How { ActionsTaken = { "送信元ドメインのブロック / blocked the sending domain" }, Status = HandlingStatus.Investigating },
            Severity = Severity.High,
            Indicators =
            {
                new Indicator { Type = IndicatorType.Ipv4, Value = "203.0.113.88", Description = "C2サーバ / command-and-control server" },
                new Indicator { Type = IndicatorType.Sha256, Value = Sha256("denki-ryokin.zip"), Description = "添付ZIPのSHA-256 / SHA-256 of the attached ZIP" },
            },
        };
        return Report(DemoText.CaptionAmber, Tlp.Amber, new Audience { Sectors = { "electricity" } }, body);
    }

    private static DemoReport AmberStrictToCouncil(DateTimeOffset now)
    {
        var body = new Body
        {
            Title = "勘定系端末への標的型侵入の痕跡 / Traces of a targeted intrusion on core-banking terminals",
            Summary = "勘定系システムの運用端末2台で未知のバックドアを発見。外部への持ち出しは確認されていないが、分野横断の攻撃キャンペーンの一部の可能性があり、セプターカウンシルに限り共有する。"
                + " An unknown backdoor was found on two core-banking operator terminals; no exfiltration seen. Possibly part of a cross-sector campaign: shared with the Council only.",
            OccurredAt = Timestamp.FromDateTimeOffset(now.AddDays(-2)),
            DetectedAt = Timestamp.FromDateTimeOffset(now.AddHours(-6)),
            Where = new Where { Systems = { "勘定系運用端末 / core-banking operator terminals" } },
            What = "バックドアは正規の保守ツールを装い、毎時203.0.113.15へHTTPSでビーコン通信していた。"
                + " The backdoor poses as a maintenance tool and beacons hourly over HTTPS to 203.0.113.15.",
            Why = new Why { ThreatType = "attack.intrusion", Cause = "調査中 / under investigation" },
            How = new How { ActionsTaken = { "端末をネットワークから隔離 / isolated the terminals" }, Status = HandlingStatus.Investigating },
            Severity = Severity.High,
            Indicators =
            {
                new Indicator { Type = IndicatorType.Ipv4, Value = "203.0.113.15", Description = "ビーコン通信先 / beacon destination" },
                new Indicator { Type = IndicatorType.Sha256, Value = Sha256("maint-agent.exe"), Description = "バックドアのSHA-256 / SHA-256 of the backdoor" },
            },
        };
        return Report(DemoText.CaptionStrict, Tlp.AmberStrict, new Audience { Nodes = { "council" } }, body);
    }

    private static DemoReport Report(string caption, Tlp tlp, Audience audience, Body body) => new(caption, new ItemDraft
    {
        Kind = ItemKind.IncidentReport,
        Tlp = tlp,
        Language = "ja",
        Audience = audience,
        Handling = new HandlingPolicy
        {
            Attribution = Attribution.MustNot,
            ObfuscateAffectedParties = true,
            PermittedActions = { PermittedAction.Defend, PermittedAction.Investigate },
        },
        Body = body,
    });

    // A well-formed digest of a fixed name, so the sample indicator passes the node's syntax check without pretending to be real.
    private static string Sha256(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("ceptoar-demo:" + name)));
}
