using System.Text.Json;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Tests.Policy;

/// <summary>
/// What a notification may say, per label (docs/NOTIFICATIONS.md §1). Every sensitive part of the item carries a marker
/// string of its own; the test states by itself which markers each label lets through, and looks for every marker in the
/// subject, the body and the webhook JSON.
/// </summary>
public sealed class NotificationContentTests
{
    private const string ItemId = "01974f2e-8c00-7abc-8def-0123456789ab";
    private const string NodeId = "electricity-ceptoar";
    private const string NodeName = "電力セプター";

    /// <summary>Marker → what it stands for. The title, summary and 5W1H parts may appear for CLEAR and GREEN only.</summary>
    private static readonly string[] ContentMarkers =
        ["TITLE-q7", "SUMMARY-k2", "WHAT-m9", "SYSTEM-a1", "SERVICE-b2", "REGION-c3", "AFFECTED-d4", "threat.MARKER-e5", "CAUSE-f6", "ACTION-g7"];

    /// <summary>Never in a notification, whatever the label: indicators, attribution, audience, references, origin.</summary>
    private static readonly string[] NeverMarkers =
        ["INDICATOR-h8", "INDDESC-i9", "SUBMITTER-j1", "SUBMITTERID-k3", "AUDIENCE-l4", "SECTOR-n5", "REF-o6", "ORIGIN-p7"];

    /// <summary>This test's own statement of TLP 2.0 for notifications: only CLEAR and GREEN may carry the content.</summary>
    private static readonly Dictionary<Tlp, bool> CarriesContent = new()
    {
        [Tlp.Clear] = true,
        [Tlp.Green] = true,
        [Tlp.Amber] = false,
        [Tlp.AmberStrict] = false,
        [Tlp.Red] = false,
        [Tlp.Unspecified] = false,
        [(Tlp)99] = false,
    };

    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.CreateCustomTimeZone("test/tokyo", TimeSpan.FromHours(9), "Tokyo", "Tokyo");

    public static TheoryData<Tlp, NotificationLanguage, NotificationReader> EveryCase()
    {
        var data = new TheoryData<Tlp, NotificationLanguage, NotificationReader>();
        foreach (var tlp in CarriesContent.Keys)
        {
            foreach (var language in Enum.GetValues<NotificationLanguage>())
            {
                foreach (var reader in Enum.GetValues<NotificationReader>())
                {
                    data.Add(tlp, language, reader);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void Compose_EveryLabel_ContentOnlyWhereTheLabelAllows(Tlp tlp, NotificationLanguage language, NotificationReader reader)
    {
        var message = Compose(MarkedItem(tlp), language, reader);
        var outputs = Outputs(message);

        foreach (var marker in ContentMarkers)
        {
            if (CarriesContent[tlp])
            {
                // The subject carries the title only; the body and the webhook carry every part.
                Assert.All(outputs.Where(o => o.Name != "subject"), o => Assert.True(o.Text.Contains(marker, StringComparison.Ordinal), $"{marker} is missing from the {o.Name} of a {tlp} notification"));
            }
            else
            {
                Assert.All(outputs, o => Assert.False(o.Text.Contains(marker, StringComparison.Ordinal), $"{marker} leaked into the {o.Name} of a {tlp} notification"));
            }
        }

        foreach (var marker in NeverMarkers)
        {
            Assert.All(outputs, o => Assert.False(o.Text.Contains(marker, StringComparison.Ordinal), $"{marker} leaked into the {o.Name} of a {tlp} notification"));
        }
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void Compose_EscalationAtEveryLabel_NoMoreThanTheLabelAllows(Tlp tlp, NotificationLanguage language, NotificationReader reader)
    {
        foreach (var escalation in new[] { new NotificationEscalation(EscalationStage.Member, 30, []), new NotificationEscalation(EscalationStage.Duty, 60, ["Resona (resona-bank)"]) })
        {
            var outputs = Outputs(NotificationContent.Compose(MarkedItem(tlp), new ReadingPlace(NodeId, NodeName, reader), language, Tokyo, escalation));

            foreach (var marker in CarriesContent[tlp] ? NeverMarkers : [.. ContentMarkers, .. NeverMarkers])
            {
                Assert.All(outputs, o => Assert.False(o.Text.Contains(marker, StringComparison.Ordinal), $"{marker} leaked into the {o.Name} of a {tlp} {escalation.Stage} escalation"));
            }
        }
    }

    [Fact]
    public void Compose_AmberExerciseEscalations_MarkedAfterTheExercisePrefix_LedByWhoHasNotAcknowledged()
    {
        var item = MarkedItem(Tlp.Amber);
        item.Exercise = true;
        var member = new NotificationEscalation(EscalationStage.Member, 30, []);
        var duty = new NotificationEscalation(EscalationStage.Duty, 60, ["りそな銀行 (resona-bank)", "Line\nbreak (x-bank)"]);

        var en = NotificationContent.Compose(item, new ReadingPlace(NodeId, NodeName, NotificationReader.Member), NotificationLanguage.English, Tokyo, member);
        var ja = NotificationContent.Compose(item, new ReadingPlace(NodeId, NodeName, NotificationReader.Staff), NotificationLanguage.Japanese, Tokyo, duty);

        Assert.Equal($"[EXERCISE] [UNACKNOWLEDGED] [TLP:AMBER] Early warning (severity: high) at {NodeName}, item {ItemId}", en.Subject);
        Assert.Equal("UNACKNOWLEDGED: nobody at your organisation has acknowledged this item within 30 minutes of its delivery. Please read it now and acknowledge it.", en.BodyLines[1]);
        Assert.Equal(("member", null), (en.Fields.Escalation, en.Fields.Unacknowledged));
        Assert.Equal($"[訓練] 【未確認・要対応】 [TLP:AMBER] 早期警戒情報（重大度: 高）: {NodeName} で閲覧してください（項目 {ItemId}）", ja.Subject);
        Assert.Equal("【未確認・要対応】次の会員が配信から 60 分以内にこの情報を受領確認していません: りそな銀行 (resona-bank), Line break (x-bank)。連絡を取ってください。", ja.BodyLines[1]);
        Assert.Equal("duty", ja.Fields.Escalation);
        Assert.Equal(["りそな銀行 (resona-bank)", "Line break (x-bank)"], ja.Fields.Unacknowledged!);
        Assert.Null(ja.Fields.Title);
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    public void Compose_OpenLabel_TitleSummaryAndEveryDigestPart(Tlp tlp)
    {
        var message = Compose(MarkedItem(tlp), NotificationLanguage.English, NotificationReader.Member);

        Assert.Contains("TITLE-q7", message.Subject, StringComparison.Ordinal);
        Assert.Equal("TITLE-q7 headline", message.Fields.Title);
        Assert.Equal("SUMMARY-k2 first line\nsecond line", message.Fields.Summary);
        var digest = Assert.IsType<NotificationDigest>(message.Fields.Digest);
        Assert.Equal("occurred 2026-12-06 12:00 +09:00; detected 2026-12-06 12:30 +09:00", digest.When);
        Assert.Equal("SYSTEM-a1, SERVICE-b2, REGION-c3", digest.Where);
        Assert.Equal("AFFECTED-d4", digest.Who);
        Assert.Equal("WHAT-m9 in detail", digest.What);
        Assert.Equal("threat.MARKER-e5: CAUSE-f6", digest.Why);
        Assert.Equal("status: contained; ACTION-g7", digest.How);
        Assert.Contains("  When: occurred 2026-12-06 12:00 +09:00; detected 2026-12-06 12:30 +09:00", message.BodyLines);
        Assert.Contains("  SUMMARY-k2 first line", message.BodyLines);
        Assert.Contains("  second line", message.BodyLines);
    }

    [Theory]
    [InlineData(Tlp.Amber, "AMBER")]
    [InlineData(Tlp.AmberStrict, "AMBER+STRICT")]
    [InlineData(Tlp.Red, "RED")]
    public void Compose_RestrictedLabel_OnlyLabelKindSeverityNodeItemAndWhereToRead(Tlp tlp, string label)
    {
        var message = Compose(MarkedItem(tlp), NotificationLanguage.English, NotificationReader.Member);

        Assert.Equal($"[TLP:{label}] Early warning (severity: high) at {NodeName}, item {ItemId}", message.Subject);
        Assert.Equal(
            new NotificationFields
            {
                Language = "en",
                Tlp = "TLP:" + label,
                Kind = "early-warning",
                KindText = "Early warning",
                Severity = "high",
                Exercise = false,
                Node = NodeId,
                NodeName = NodeName,
                ItemId = ItemId,
                ReadAt = $"To read it: in your member system connected to {NodeName} ({NodeId}), open item {ItemId} (MemberService.Get).",
            },
            message.Fields);
        Assert.Contains($"Item id: {ItemId}", message.BodyLines);
        Assert.Contains($"Node: {NodeName} ({NodeId})", message.BodyLines);
    }

    [Fact]
    public void Compose_ObfuscateAffectedParties_AffectedWithheld()
    {
        var item = MarkedItem(Tlp.Green);
        item.Handling.ObfuscateAffectedParties = true;

        var message = Compose(item, NotificationLanguage.English, NotificationReader.Member);

        Assert.All(Outputs(message), o => Assert.DoesNotContain("AFFECTED-d4", o.Text, StringComparison.Ordinal));
        Assert.Equal("withheld (the origin asks that affected parties are not named)", message.Fields.Digest!.Who);
    }

    [Theory]
    [InlineData(Tlp.Green, NotificationLanguage.Japanese, "[訓練] [TLP:GREEN] ")]
    [InlineData(Tlp.Green, NotificationLanguage.English, "[EXERCISE] [TLP:GREEN] ")]
    [InlineData(Tlp.Red, NotificationLanguage.Japanese, "[訓練] [TLP:RED] ")]
    [InlineData(Tlp.Red, NotificationLanguage.English, "[EXERCISE] [TLP:RED] ")]
    public void Compose_Exercise_SubjectAndBodySaySo(Tlp tlp, NotificationLanguage language, string subjectStart)
    {
        var item = MarkedItem(tlp);
        item.Exercise = true;

        var message = Compose(item, language, NotificationReader.Member);

        Assert.StartsWith(subjectStart, message.Subject, StringComparison.Ordinal);
        Assert.Equal(language == NotificationLanguage.Japanese ? "これは訓練です。実際のインシデントではありません。" : "This is an EXERCISE, not a real incident.", message.BodyLines[0]);
        Assert.True(message.Fields.Exercise);
    }

    [Theory]
    [InlineData(NotificationLanguage.Japanese)]
    [InlineData(NotificationLanguage.English)]
    public void Compose_RealIncident_NoExerciseMark(NotificationLanguage language)
    {
        var message = Compose(MarkedItem(Tlp.Green), language, NotificationReader.Member);

        Assert.StartsWith("[TLP:GREEN] ", message.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("訓練", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("EXERCISE", message.Body, StringComparison.Ordinal);
        Assert.False(message.Fields.Exercise);
    }

    [Fact]
    public void Compose_Japanese_SubjectAndBodyInJapanese()
    {
        var green = Compose(MarkedItem(Tlp.Green), NotificationLanguage.Japanese, NotificationReader.Member);
        var amber = Compose(MarkedItem(Tlp.Amber), NotificationLanguage.Japanese, NotificationReader.Staff);

        Assert.Equal("[TLP:GREEN] 早期警戒情報（重大度: 高）: TITLE-q7 headline", green.Subject);
        Assert.Contains("種別: 早期警戒情報", green.BodyLines);
        Assert.Contains("  いつ: 発生 2026-12-06 12:00 +09:00; 検知 2026-12-06 12:30 +09:00", green.BodyLines);
        Assert.Equal("ja", green.Fields.Language);
        Assert.Equal($"[TLP:AMBER] 早期警戒情報（重大度: 高）: {NodeName} で閲覧してください（項目 {ItemId}）", amber.Subject);
        Assert.Contains($"閲覧方法: ノード {NodeName}（{NodeId}）で次を実行してください: ceptoar-admin items show {ItemId}", amber.BodyLines);
    }

    [Fact]
    public void Compose_StaffReader_TellsTheAdminCommand()
    {
        var message = Compose(MarkedItem(Tlp.AmberStrict), NotificationLanguage.English, NotificationReader.Staff);

        Assert.Equal($"To read it: on the node {NodeName} ({NodeId}), run: ceptoar-admin items show {ItemId}", message.Fields.ReadAt);
        Assert.Contains(message.Fields.ReadAt, message.BodyLines);
    }

    [Fact]
    public void Compose_TitleWithLineBreaksAndControls_SubjectIsOneLine()
    {
        var item = MarkedItem(Tlp.Green);
        item.Body.Title = "first\r\nBcc: someone@example.org\u0007 end";

        var message = Compose(item, NotificationLanguage.English, NotificationReader.Member);

        Assert.Equal("[TLP:GREEN] Early warning (severity: high): first Bcc: someone@example.org end", message.Subject);
    }

    [Fact]
    public void Compose_LongParts_ShortenedWithEllipsis()
    {
        var item = MarkedItem(Tlp.Green);
        item.Body.What = new string('あ', 5000);
        item.Body.Title = new string('t', 200);

        var message = Compose(item, NotificationLanguage.Japanese, NotificationReader.Member);

        Assert.Equal(new string('あ', 199) + "…", message.Fields.Digest!.What);
        Assert.EndsWith(new string('t', 119) + "…", message.Subject, StringComparison.Ordinal);
        Assert.Equal(new string('t', 200), message.Fields.Title);
    }

    [Fact]
    public void Compose_EmptyBody_NoDigestLinesAndNoFailure()
    {
        var item = MarkedItem(Tlp.Green);
        item.Body = new Body { Title = "t", Summary = "s" };

        var message = Compose(item, NotificationLanguage.English, NotificationReader.Member);

        Assert.Equal(new NotificationDigest(null, null, null, null, null, null), message.Fields.Digest);
        Assert.DoesNotContain("5W1H:", message.BodyLines);
    }

    [Fact]
    public void Compose_KindAndSeverityTheProtoDoesNotDefine_NamedByNumber()
    {
        var item = MarkedItem(Tlp.Red);
        item.Kind = (ItemKind)77;
        item.Body.Severity = (Severity)9;

        var message = Compose(item, NotificationLanguage.English, NotificationReader.Member);

        Assert.Equal("77", message.Fields.Kind);
        Assert.Equal("Information (kind 77)", message.Fields.KindText);
        Assert.Equal("9", message.Fields.Severity);
        Assert.Contains("Severity: level 9", message.BodyLines);
    }

    [Fact]
    public void Compose_NoNodeName_UsesTheNodeId()
    {
        var message = NotificationContent.Compose(MarkedItem(Tlp.Amber), new ReadingPlace(NodeId, " ", NotificationReader.Member), NotificationLanguage.English, Tokyo);

        Assert.Equal(NodeId, message.Fields.NodeName);
    }

    [Theory]
    [InlineData("ja", true, NotificationLanguage.Japanese)]
    [InlineData("JA-jp", true, NotificationLanguage.Japanese)]
    [InlineData("en", true, NotificationLanguage.English)]
    [InlineData("en_GB", true, NotificationLanguage.English)]
    [InlineData("fr", false, NotificationLanguage.English)]
    [InlineData("", false, NotificationLanguage.English)]
    [InlineData(null, false, NotificationLanguage.English)]
    public void TryParse_LanguageCodes_JapaneseOrEnglishOnly(string? text, bool parsed, NotificationLanguage expected)
    {
        Assert.Equal(parsed, NotificationLanguages.TryParse(text, out var language));
        Assert.Equal(expected, language);
    }

    [Fact]
    public void Compose_Drill_SaysTheDeadlineInTheNodesZoneAndHowEachReaderAcknowledges()
    {
        var drill = MarkedItem(Tlp.Green);
        drill.Kind = ItemKind.Drill;
        drill.Exercise = true;
        drill.Drill = new Drill { InstructionJa = "確認応答してください", InstructionEn = "Acknowledge", AcknowledgeBy = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero)) };

        var member = Compose(drill, NotificationLanguage.English, NotificationReader.Member);
        var staff = Compose(drill, NotificationLanguage.Japanese, NotificationReader.Staff);
        var reminder = NotificationContent.Compose(drill, new ReadingPlace(NodeId, NodeName, NotificationReader.Member), NotificationLanguage.English, Tokyo,
            new NotificationEscalation(EscalationStage.Reminder, 0, []));

        Assert.Contains("Acknowledge by: 2026-12-06 12:00 +09:00", member.BodyLines);
        Assert.Contains($"To acknowledge: your system calls the member API MemberService/Acknowledge with item_id {drill.Id}.", member.BodyLines);
        Assert.Contains($"確認応答の方法: ceptoar-admin items ack {drill.Id}", staff.BodyLines);
        Assert.StartsWith("[EXERCISE] [REMINDER] [TLP:GREEN]", reminder.Subject, StringComparison.Ordinal);
        Assert.Equal("REMINDER: nobody at your organisation has acknowledged this drill yet. Please acknowledge it by 2026-12-06 12:00 +09:00.", reminder.BodyLines.First(l => l.StartsWith("REMINDER", StringComparison.Ordinal)));
        Assert.Equal("reminder", reminder.Fields.Escalation);
    }

    [Theory]
    [InlineData(FederationMode.LargeScale, NotificationLanguage.Japanese, "【大規模IT障害モード】 [TLP:GREEN]")]
    [InlineData(FederationMode.LargeScale, NotificationLanguage.English, "[LARGE-SCALE MODE] [TLP:GREEN]")]
    [InlineData(FederationMode.Normal, NotificationLanguage.Japanese, "【平常モード】 [TLP:GREEN]")]
    [InlineData(FederationMode.Normal, NotificationLanguage.English, "[NORMAL MODE] [TLP:GREEN]")]
    public void Compose_ModeChange_SubjectLeadsWithTheMode(FederationMode mode, NotificationLanguage language, string start)
    {
        var change = MarkedItem(Tlp.Green);
        change.Kind = ItemKind.ModeChange;
        change.ModeChange = new ModeChange { Mode = mode, Reason = "outage" };

        var message = Compose(change, language, NotificationReader.Staff);

        Assert.StartsWith(start, message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_OtherKinds_NoModeInTheSubject()
    {
        var message = Compose(MarkedItem(Tlp.Green), NotificationLanguage.English, NotificationReader.Staff);

        Assert.StartsWith("[TLP:GREEN]", message.Subject, StringComparison.Ordinal);
    }

    private static NotificationMessage Compose(Item item, NotificationLanguage language, NotificationReader reader) =>
        NotificationContent.Compose(item, new ReadingPlace(NodeId, NodeName, reader), language, Tokyo);

    private static (string Name, string Text)[] Outputs(NotificationMessage message) =>
        [("subject", message.Subject), ("body", message.Body), ("webhook JSON", JsonSerializer.Serialize(message.Fields))];

    /// <summary>An early warning with a marker in every part a notification could carry, or must never carry.</summary>
    private static Item MarkedItem(Tlp tlp) => new()
    {
        Id = ItemId,
        OriginNode = "ORIGIN-p7",
        CreatedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.Zero)),
        Kind = ItemKind.EarlyWarning,
        Tlp = tlp,
        Language = "en",
        Audience = new Audience { Sectors = { "SECTOR-n5" }, Members = { new MemberRef { Node = NodeId, MemberId = "AUDIENCE-l4" } } },
        Handling = new HandlingPolicy { Attribution = Attribution.May },
        References = new References { InReplyTo = "REF-o6" },
        SubmittedBy = new SubmittedBy { Node = "ORIGIN-p7", MemberId = "SUBMITTERID-k3", DisplayName = "SUBMITTER-j1" },
        Body = new Body
        {
            Title = "TITLE-q7 headline",
            Summary = "SUMMARY-k2 first line\r\nsecond line",
            What = "WHAT-m9 in detail",
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero)),
            DetectedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 6, 3, 30, 0, TimeSpan.Zero)),
            Where = new Where { Systems = { "SYSTEM-a1" }, Services = { "SERVICE-b2" }, Regions = { "REGION-c3" } },
            Affected = { "AFFECTED-d4" },
            Why = new Why { ThreatType = "threat.MARKER-e5", Cause = "CAUSE-f6" },
            How = new How { Status = HandlingStatus.Contained, ActionsTaken = { "ACTION-g7" } },
            Severity = Severity.High,
            Indicators = { new Indicator { Type = IndicatorType.FreeText, Value = "INDICATOR-h8", Description = "INDDESC-i9" } },
        },
    };
}
