using Ceptoar.Federation.V1;

namespace Ceptoar.Testing;

/// <summary>Valid member drafts for tests; each test changes what it is about.</summary>
internal static class Drafts
{
    public static SubmitRequest Request(ItemDraft draft, string? clientRequestId = null) =>
        new() { ClientRequestId = clientRequestId ?? Guid.NewGuid().ToString(), Draft = draft };

    public static ItemDraft Incident(Tlp tlp, string title = "Unusual logins at internet banking")
    {
        var draft = new ItemDraft
        {
            Kind = ItemKind.IncidentReport,
            Tlp = tlp,
            Language = "en",
            Body = new Body
            {
                Title = title,
                Summary = "Credential-stuffing attempts against the retail internet banking login since 09:00 JST.",
                What = "About 40,000 failed logins from 300 addresses in one hour.",
                Severity = Severity.Medium,
                Why = new Why { ThreatType = "attack.intrusion", Cause = "credential stuffing" },
                How = new How { Status = HandlingStatus.Investigating, ActionsTaken = { "blocked source addresses" } },
            },
        };
        draft.Body.Indicators.Add(new Indicator { Type = IndicatorType.Ipv4, Value = "203.0.113.7" });
        draft.Body.Indicators.Add(new Indicator { Type = IndicatorType.Sha256, Value = new string('a', 64) });
        switch (tlp)
        {
            case Tlp.Amber:
                draft.Audience = new Audience { Sectors = { "finance" } };
                break;
            case Tlp.AmberStrict:
                draft.Audience = new Audience { Nodes = { "council" } };
                break;
            case Tlp.Red:
                draft.Audience = new Audience { Nodes = { "nisc" } };
                break;
        }

        return draft;
    }
}
