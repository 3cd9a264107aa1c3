using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Tests.Items;

/// <summary>Valid drafts and items per label, for tests to break one field at a time.</summary>
internal static class TestItems
{
    public static readonly DateTimeOffset Now = new(2025, 6, 2, 9, 30, 0, TimeSpan.Zero);

    public static readonly Tlp[] Labels = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];

    public static ItemValidator Validator(ItemLimits? limits = null) => new(Vocabulary.Default, limits ?? new ItemLimits());

    public static ItemDraft Draft(Tlp tlp = Tlp.Green) => new()
    {
        Kind = ItemKind.IncidentReport,
        Tlp = tlp,
        Language = "ja",
        Audience = AudienceFor(tlp),
        Handling = new HandlingPolicy { Attribution = Attribution.MustNot, PermittedActions = { PermittedAction.Defend } },
        Body = Body(),
        ExpiresAt = Timestamp.FromDateTimeOffset(Now.AddDays(30)),
    };

    public static Item Item(Tlp tlp = Tlp.Green) => new()
    {
        Id = "01974f2e-8c00-7abc-8def-0123456789ab",
        OriginNode = "bank-ceptoar",
        CreatedAt = Timestamp.FromDateTimeOffset(Now),
        ExpiresAt = Timestamp.FromDateTimeOffset(Now.AddDays(90)),
        Kind = ItemKind.IncidentReport,
        Tlp = tlp,
        Language = "ja",
        Audience = AudienceFor(tlp),
        Handling = new HandlingPolicy { Attribution = Attribution.May },
        Body = Body(),
        SubmittedBy = new SubmittedBy { Node = "bank-ceptoar", MemberId = "example-bank", DisplayName = "Example Bank" },
    };

    /// <summary>The smallest audience each label accepts, so that one added entry is the only change a test makes.</summary>
    /// <summary>A valid drill: an exercise, GREEN, both instructions, acknowledged within the hour.</summary>
    public static Item Drill()
    {
        var item = Item(Tlp.Green);
        item.Kind = ItemKind.Drill;
        item.Exercise = true;
        item.SubmittedBy = null;
        item.Drill = new Drill
        {
            InstructionJa = "受信したら確認応答してください。", InstructionEn = "Acknowledge on receipt.", AcknowledgeBy = Timestamp.FromDateTimeOffset(Now.AddHours(1)),
        };
        return item;
    }

    /// <summary>A valid crime-damage report: voluntary, GREEN, to the incident-handling nodes (docs/MODES.md §3).</summary>
    public static Item CrimeDamage()
    {
        var item = Item(Tlp.Green);
        item.Kind = ItemKind.CrimeDamage;
        item.Voluntary = true;
        item.Audience = new Audience { Roles = { "incident-handling" } };
        return item;
    }

    /// <summary>A valid switch to large-scale mode by NISC for the finance sector, reports every hour.</summary>
    /// <summary>A revocation of another item (docs/LIFECYCLE.md §1).</summary>
    public static Item Revocation()
    {
        var item = Item();
        item.Kind = ItemKind.Revocation;
        item.Revocation = new Revocation { ItemId = "01890000-0000-7000-8000-000000000001", Reason = "a customer's name was left in" };
        return item;
    }

    public static Item ModeChange()
    {
        var item = Item(Tlp.Green);
        item.OriginNode = "nisc";
        item.Kind = ItemKind.ModeChange;
        item.SubmittedBy = null;
        item.Audience = new Audience { WholeFederation = true };
        item.ModeChange = new ModeChange { Mode = FederationMode.LargeScale, ScopeSectors = { "finance" }, Reason = "大規模障害 / large-scale failure", ReportEveryMinutes = 60 };
        return item;
    }

    /// <summary>A valid exercise scenario from NISC: two participants, one inject from the bank expecting an answer from electricity.</summary>
    public static Item Scenario()
    {
        var item = Item(Tlp.Green);
        item.OriginNode = "nisc";
        item.Kind = ItemKind.ExerciseScenario;
        item.Exercise = true;
        item.SubmittedBy = null;
        item.Audience = new Audience { Nodes = { "bank-ceptoar", "electricity-ceptoar" } };
        item.Scenario = new ExerciseScenario
        {
            Name = "ddos-2026-12", TitleJa = "DDoS 演習", TitleEn = "DDoS exercise", StartAt = Timestamp.FromDateTimeOffset(Now.AddHours(1)),
            Participants = { "bank-ceptoar", "electricity-ceptoar" },
            Injects =
            {
                new ExerciseInject
                {
                    Id = "i1", AtMinutes = 10, FromNode = "bank-ceptoar", Kind = ItemKind.IncidentReport, Tlp = Tlp.Green, Audience = new Audience { Nodes = { "electricity-ceptoar" } },
                    Body = Body(),
                    Expect = { new ExerciseExpectation { Node = "electricity-ceptoar", AcknowledgeWithinMinutes = 10, ReplyKind = ItemKind.ResponseStatus, ReplyWithinMinutes = 30 } },
                },
            },
        };
        return item;
    }

    /// <summary>A valid exercise result from the bank for <see cref="Scenario"/>.</summary>
    public static Item Result()
    {
        var item = Item(Tlp.Green);
        item.Kind = ItemKind.ExerciseResult;
        item.Exercise = true;
        item.SubmittedBy = null;
        item.Audience = new Audience { Nodes = { "nisc" } };
        item.ExerciseResult = new ExerciseResult
        {
            ScenarioId = "01974f2e-8c00-7abc-8def-0123456789ac",
            Injects = { new InjectResult { InjectId = "i1", ItemId = "01974f2e-8c00-7abc-8def-0123456789ad", Nodes = { new InjectNodeResult { Node = "electricity-ceptoar" } } } },
        };
        return item;
    }

    public static Audience AudienceFor(Tlp tlp) => tlp switch
    {
        Tlp.Amber => new Audience { Sectors = { "finance" } },
        Tlp.AmberStrict => new Audience { Nodes = { "electricity-ceptoar" } },
        Tlp.Red => new Audience { Members = { new MemberRef { Node = "bank-ceptoar", MemberId = "example-bank" } } },
        _ => new Audience(),
    };

    public static Body Body() => new()
    {
        Title = "不正アクセスによる情報漏えいの疑い",
        Summary = "A member detected outbound traffic to an unknown host from its internet banking front end.",
        What = "Details.\nSecond line\twith a tab.",
        OccurredAt = Timestamp.FromDateTimeOffset(Now.AddHours(-5)),
        DetectedAt = Timestamp.FromDateTimeOffset(Now.AddHours(-2)),
        Where = new Where { Systems = { "internet banking" }, Regions = { "Tokyo" } },
        Affected = { "retail customers" },
        Why = new Why { ThreatType = "attack.intrusion", Cause = "Unpatched web server." },
        How = new How { ActionsTaken = { "isolated the server" }, Status = HandlingStatus.Contained },
        Severity = Severity.High,
        Indicators =
        {
            new Indicator { Type = IndicatorType.Ipv4, Value = "192.0.2.10", Description = "C2 server" },
            new Indicator { Type = IndicatorType.Domain, Value = "bad.example.com" },
        },
    };

    public static string[] Fields(IEnumerable<FieldViolation> violations) => violations.Select(v => v.Field).Distinct().Order(StringComparer.Ordinal).ToArray();
}
