using Ceptoar.Core.Tests.Items;
using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Tests.Interchange;

/// <summary>An item with every 5W1H field the MISP mapping carries, and one indicator of each kind's usual shape.</summary>
internal static class MispTestItems
{
    public static Item Item(Tlp tlp)
    {
        var item = TestItems.Item(tlp);
        item.Body = new Body
        {
            Title = "不正アクセスによる情報漏えいの疑い",
            Summary = "社外からの不正ログインを検知。",
            What = "VPN 装置経由で管理画面に到達された。",
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 6, 1, 23, 0, 0, TimeSpan.Zero)),
            DetectedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 6, 2, 1, 30, 0, TimeSpan.Zero)),
            Where = new Where { Systems = { "VPN" }, Services = { "インターネットバンキング" }, Regions = { "関東" } },
            Affected = { "利用者" },
            Why = new Why { ThreatType = "attack.intrusion", Cause = "パッチ未適用" },
            How = new How { ActionsTaken = { "アカウント停止", "VPN 更新" }, Status = HandlingStatus.Investigating },
            Severity = Severity.High,
            Indicators = { new Indicator { Type = IndicatorType.Ipv4, Value = "192.0.2.44", Description = "接続元" } },
        };
        return item;
    }
}
