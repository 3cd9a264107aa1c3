using System.Globalization;
using Ceptoar.AdminCli.Authoring;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests.Authoring;

/// <summary>`items new` asks the 5W1H questions one by one, checks each answer as it goes, and shows the label's meaning before sending.</summary>
public sealed class ItemWizardTests
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    [Fact]
    public void Run_AnswersForAGreenIncident_DraftCarriesThem()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var (draft, shown) = Run(
            "incident-report", "green", "", "",
            "Unusual logins at internet banking", "Credential stuffing against two banks since 09:00.",
            "Logins from a botnet", "2026-12-01 09:30", "internet banking", "two banks", "reused passwords", "accounts locked, customers told",
            "high", "n", "y");

        Assert.NotNull(draft);
        Assert.Equal(ItemKind.IncidentReport, draft.Kind);
        Assert.Equal(Tlp.Green, draft.Tlp);
        Assert.Equal("Unusual logins at internet banking", draft.Body.Title);
        Assert.Equal(["internet banking"], draft.Body.Where.Systems);
        Assert.Equal(["accounts locked", "customers told"], draft.Body.How.ActionsTaken);
        Assert.Equal(Severity.High, draft.Body.Severity);
        Assert.False(draft.Exercise);
        // Typed without an offset: read in the zone times are shown in, Asia/Tokyo by default (UTC+9).
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.Zero), draft.Body.OccurredAt.ToDateTimeOffset());
        // The label's meaning is shown before the question whether to send.
        Assert.True(shown.IndexOf("TLP:GREEN — recipients may share it within their community", StringComparison.Ordinal) < shown.LastIndexOf("Send it?", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_AnAnswerTheValidatorRefuses_SaysWhyAndAsksAgain()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var tooLong = new string('x', 201);
        var (draft, shown) = Run(
            "99", "incident-report", "green", "", "",
            tooLong, "A short title", "Summary.", "", "", "", "", "", "", "low", "n", "y");

        Assert.NotNull(draft);
        Assert.Equal("A short title", draft.Body.Title);
        Assert.Contains("Answer with a number from 1 to", shown);
        Assert.Contains("Not accepted:", shown);
    }

    [Fact]
    public void Run_AmberWithoutRecipients_AskedForRecipientsAgain()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var (draft, shown) = Run(
            "early-warning", "amber", "", "", "electricity", "",
            "Attack tool seen", "Summary.", "", "", "", "", "", "", "medium", "y", "y");

        Assert.NotNull(draft);
        Assert.Equal(["electricity"], draft.Audience.Sectors);
        Assert.True(draft.Exercise);
        Assert.Contains("Not accepted:", shown);
    }

    [Fact]
    public void Run_NoAtTheEnd_OrInputEnds_NothingToSend()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var (declined, shown) = Run("incident-report", "green", "", "", "Title", "Summary.", "", "", "", "", "", "", "low", "n", "n");
        var (ended, _) = Run("incident-report", "green");

        Assert.Null(declined);
        Assert.Contains("Nothing was sent.", shown);
        Assert.Null(ended);
    }

    [Fact]
    public void Run_InJapanese_AsksInJapaneseAndExplainsTheLabel()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
        var (draft, shown) = Run("incident-report", "red", "council", new string('x', 201), "件名", "概要です。", "", "", "", "", "", "", "extreme", "いいえ", "はい");

        Assert.NotNull(draft);
        Assert.Equal("件名", draft.Body.Title);
        Assert.Contains("件名（最初に読まれる一行）", shown);
        // The node's own reason for refusing the answer, in Japanese too.
        var refused = shown.Split('\n').Single(l => l.Contains("受け付けられません", StringComparison.Ordinal));
        Assert.Contains(refused, c => c is >= '\u3040' and <= '\u30ff' && !"受け付けられませんもう一度入力してください".Contains(c));
        Assert.Contains("TLP:RED — 指定された受領者限りです", shown);
        Assert.Contains("送信しますか？", shown);
    }

    private static (ItemDraft? Draft, string Shown) Run(params string[] answers)
    {
        var output = new StringWriter();
        var draft = new ItemWizard(new StringReader(string.Join('\n', answers) + "\n"), output, Clock).Run();
        return (draft, output.ToString());
    }
}
