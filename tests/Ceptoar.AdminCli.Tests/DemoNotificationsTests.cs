using Ceptoar.AdminCli.Demo;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>How the demo joins each node's `notify status` with the messages its mail sink received, and how it prints who was told.</summary>
public sealed class DemoNotificationsTests
{
    private const string ItemId = "0195f2a0-0000-7000-8000-000000000001";

    private static readonly IReadOnlyDictionary<string, NotifyContact> Contacts = new Dictionary<string, NotifyContact>(StringComparer.Ordinal)
    {
        ["c-ja"] = new() { ContactId = "c-ja", MemberId = "tepco", Name = "佐藤 花子", Channel = "email", Language = "ja" },
        ["c-en"] = new() { ContactId = "c-en", MemberId = "tepco", Name = "Jordan Lee", Channel = "email", Language = "en" },
        ["c-duty"] = new() { ContactId = "c-duty", DutyRoster = true, Name = "Duty officer", Channel = "email", Language = "en" },
    };

    [Fact]
    public void Rows_SentRowsWithTheirMessages_CarryTheReceivedSubjectAndTheContactsLanguage()
    {
        SinkMail[] received =
        [
            new(["sato@tepco.example.jp"], "key-ja@electricity-ceptoar.ceptoar", "[TLP:GREEN] 障害・攻撃情報", "ja", ItemId),
            new(["lee@tepco.example.jp"], "key-en@electricity-ceptoar.ceptoar", "[TLP:GREEN] Incident and attack information", "en", ItemId),
        ];

        var rows = DemoNotifications.Rows("electricity-ceptoar", [View("key-ja", "c-ja", "tepco", "sent"), View("key-en", "c-en", "tepco", "sent")], Contacts, received);

        Assert.Equal(
            [
                new NotifiedRow("electricity-ceptoar", "tepco", "佐藤 花子", "ja", "email", "sent", "[TLP:GREEN] 障害・攻撃情報", string.Empty),
                new NotifiedRow("electricity-ceptoar", "tepco", "Jordan Lee", "en", "email", "sent", "[TLP:GREEN] Incident and attack information", string.Empty),
            ],
            rows);
    }

    [Fact]
    public void Rows_MessageOfAnotherNodeWithTheSameKey_IsNotTaken()
    {
        SinkMail[] received = [new(["duty@bank.example.jp"], "key-1@bank-ceptoar.ceptoar", "[TLP:GREEN] x", "en", ItemId)];

        var row = Assert.Single(DemoNotifications.Rows("council", [View("key-1", "c-duty", string.Empty, "sent")], Contacts, received));

        Assert.Null(row.Subject);
        Assert.Null(row.MemberId);
    }

    [Fact]
    public void Settled_PendingRowOrSentMailNotYetReceived_IsFalseUntilEveryMessageArrived()
    {
        var pending = new NotifiedRow("nisc", null, "Duty officer", "en", "email", "pending", null, string.Empty);
        var sentNotReceived = pending with { State = "sent" };
        var arrived = sentNotReceived with { Subject = "[TLP:GREEN] x" };
        var givenUp = pending with { State = "failed", LastError = "550 no such user" };

        Assert.False(DemoNotifications.Settled([arrived, pending]));
        Assert.False(DemoNotifications.Settled([arrived, sentNotReceived]));
        Assert.True(DemoNotifications.Settled([arrived, givenUp]));
        Assert.True(DemoNotifications.Settled([]));
    }

    [Fact]
    public void Problems_GivenUpAndNeverReceived_NameTheNodeTheContactAndTheReason()
    {
        var givenUp = new NotifiedRow("nisc", null, "Duty officer", "en", "email", "failed", null, "550 no such user");
        var lost = new NotifiedRow("council", null, "当番", "ja", "email", "sent", null, string.Empty);
        var fine = lost with { Subject = "[TLP:GREEN] x" };

        var problems = DemoNotifications.Problems([givenUp, lost, fine]);

        Assert.Equal(
            [
                "the notification of Duty officer at nisc is failed, not sent: 550 no such user",
                "council recorded the notification of 当番 as sent, but the mail sink never received it",
            ],
            problems);
    }

    [Fact]
    public void Ordered_MixedRows_FollowTheNodeOrderMembersBeforeDutyRosterJapaneseFirst()
    {
        var duty = new NotifiedRow("bank-ceptoar", null, "当番", "ja", "email", "sent", "s", string.Empty);
        var english = new NotifiedRow("bank-ceptoar", "mufg-bank", "Alex Smith", "en", "email", "sent", "s", string.Empty);
        var japanese = english with { ContactName = "山田 太郎", Language = "ja" };
        var hub = new NotifiedRow("nisc", null, "NISC duty officer", "en", "email", "sent", "s", string.Empty);

        Assert.Equal([hub, japanese, english, duty], DemoNotifications.Ordered([duty, english, hub, japanese]));
    }

    [Fact]
    public void NotifiedLines_RowsWithAndWithoutMessage_ShowWhoLanguageChannelAndSubject()
    {
        NotifiedRow[] rows =
        [
            new("electricity-ceptoar", "tepco", "佐藤 花子", "ja", "email", "sent", "[TLP:AMBER] 障害・攻撃情報（重大度: 高）: 電力セプター で閲覧してください", string.Empty),
            new("nisc", null, "Duty officer", "en", "email", "pending", null, "connection refused"),
        ];

        var lines = DemoPrinter.NotifiedLines(rows);

        Assert.Equal(
            [
                "    Who was notified (2; each subject as the mail sink received it):",
                "      electricity-ceptoar / tepco / 佐藤 花子 (Japanese, email)",
                "          \"[TLP:AMBER] 障害・攻撃情報（重大度: 高）: 電力セプター で閲覧してください\"",
                "      nisc / duty roster / Duty officer (English, email)",
                "          no message received; state at the node: pending (connection refused)",
            ],
            lines);
    }

    [Fact]
    public void NotifiedLines_NoRows_SaysNobodyWasNotified()
    {
        Assert.Equal(["    Nobody was notified."], DemoPrinter.NotifiedLines([]));
    }

    private static NotificationView View(string key, string contactId, string memberId, string state) =>
        new() { Key = key, ItemId = ItemId, ContactId = contactId, ContactName = Contacts[contactId].Name, MemberId = memberId, State = state, Channel = "email" };
}
