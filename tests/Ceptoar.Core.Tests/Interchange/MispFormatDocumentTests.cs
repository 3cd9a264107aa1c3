using Ceptoar.Core.Tests.Items;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Interchange.MispImportTests;

namespace Ceptoar.Core.Tests.Interchange;

/// <summary>An event as the MISP core format document's own samples show it imports (docs/INTERCHANGE.md §2.2).</summary>
public sealed class MispFormatDocumentTests
{
    /// <summary>
    /// An event put together from the format document's own samples (draft-dulaunoy-misp-core-format-20): the event fields
    /// and tags of its sample manifest entry, its sample Org, Attribute, ShadowAttribute and Tag, and its sample file
    /// Object (with its misplaced first_seen/last_seen moved out of the attribute list, where they make the sample invalid JSON).
    /// </summary>
    private const string FormatDocumentEvent = """
        {
          "Event": {
            "id": "3357",
            "uuid": "57c6ac4c-c60c-4f79-a38f-b666950d210f",
            "info": "Malspam 2016-08-31 (.wsf in .zip) - campaign: Photo",
            "published": true,
            "threat_level_id": "3",
            "analysis": "0",
            "date": "2016-08-31",
            "timestamp": "1472638251",
            "publish_timestamp": "1472638251",
            "org_id": "2",
            "orgc_id": "2",
            "attribute_count": "1",
            "distribution": "3",
            "sharing_group_id": "0",
            "Org": {
                    "id": "2",
                    "name": "CIRCL",
                    "uuid": "55f6ea5e-2c60-40e5-964f-47a8950d210f"
                   },
            "Orgc": {
                    "id": "2",
                    "name": "CIRCL",
                    "uuid": "55f6ea5e-2c60-40e5-964f-47a8950d210f"
                   },
            "Attribute": [{
                          "id": "346056",
                          "type": "comment",
                          "category": "Other",
                          "to_ids": false,
                          "uuid": "57f4f6d9-cd20-458b-84fd-109ec0a83869",
                          "event_id": "3357",
                          "distribution": "5",
                          "timestamp": "1475679332",
                          "comment": "",
                          "sharing_group_id": "0",
                          "deleted": false,
                          "value": "Hello world",
                          "SharingGroup": [],
                          "ShadowAttribute": [],
                          "RelatedAttribute": [],
                          "first_seen": "2019-06-02T22:14:28.711954+00:00",
                          "last_seen": null
                         }],
            "ShadowAttribute": [{
                           "id": "8",
                           "type": "ip-src",
                           "category": "Network activity",
                           "to_ids": false,
                           "uuid": "57d475f1-da78-4569-89de-1458c0a83869",
                           "event_uuid": "57d475e6-41c4-41ca-b450-145ec0a83869",
                           "event_id": "9",
                           "old_id": "319",
                           "comment": "",
                           "org_id": "1",
                           "proposal_to_delete": false,
                           "value": "5.5.5.5",
                           "deleted": false,
                           "Org": {
                               "id": "1",
                               "name": "MISP",
                               "uuid": "568cce5a-0c80-412b-8fdf-1ffac0a83869"
                           },
                           "first_seen": "2019-06-02T22:14:28.711954+00:00",
                           "last_seen": null
                       }],
            "Object": [{
               "id": "588",
               "name": "file",
               "meta-category": "file",
               "description": "File object describing a file with meta-information",
               "template_uuid": "688c46fb-5edb-40a3-8273-1af7923e2215",
               "template_version": "3",
               "event_id": "56",
               "uuid": "398b0094-0384-4c48-9bf0-22b3dff9c4d3",
               "timestamp": "1505747965",
               "distribution": "5",
               "sharing_group_id": "0",
               "comment": "",
               "deleted": false,
               "ObjectReference": [],
               "Attribute": [
                 {
                             "id": "7822",
                             "type": "filename",
                             "category": "Payload delivery",
                             "to_ids": true,
                             "uuid": "59bfe3fb-bde0-4dfe-b5b1-2b10a07724d1",
                             "event_id": "56",
                             "distribution": "0",
                             "timestamp": "1505747963",
                             "comment": "",
                             "sharing_group_id": "0",
                             "deleted": false,
                             "disable_correlation": false,
                             "object_id": "588",
                             "object_relation": "filename",
                             "value": "StarCraft.exe",
                             "ShadowAttribute": [],
                             "first_seen": null,
                             "last_seen": null
                 }
               ],
               "first_seen": "2019-06-02T22:14:28.711954+00:00",
               "last_seen": null
            }],
            "Tag": [
              {
                "colour": "#3d7a00",
                "name": "circl:incident-classification=\"malware\""
              },
              {
                "exportable": true,
                "colour": "#ffffff",
                "name": "tlp:white",
                "id": "2"
              }
            ]
          }
        }
        """;

    [Fact]
    public void Read_EventOfTheFormatDocumentsSamples_ImportsAsOneDraft()
    {
        var outcome = Read(FormatDocumentEvent);

        var imported = Assert.Single(outcome.Drafts);
        Assert.Equal("57c6ac4c-c60c-4f79-a38f-b666950d210f", imported.SourceId);
        var draft = imported.Draft;
        Assert.Equal(Tlp.Clear, draft.Tlp);
        Assert.Equal(ItemKind.RelatedInformation, draft.Kind);
        Assert.Equal("Malspam 2016-08-31 (.wsf in .zip) - campaign: Photo", draft.Body.Title);
        Assert.Equal("Malspam 2016-08-31 (.wsf in .zip) - campaign: Photo", draft.Body.Summary);
        Assert.Equal(Severity.Low, draft.Body.Severity);
        Assert.Null(draft.Body.How);
        Assert.Equal("en", draft.Language);
        Assert.Equal(new DateTimeOffset(2016, 8, 31, 0, 0, 0, TimeSpan.Zero), draft.Body.OccurredAt.ToDateTimeOffset());
        var indicator = Assert.Single(draft.Body.Indicators);
        Assert.Equal((IndicatorType.FreeText, "Hello world", ""), (indicator.Type, indicator.Value, indicator.Description));
        Assert.Equal(
            [("398b0094-0384-4c48-9bf0-22b3dff9c4d3", "unsupported_object"), ("57d475f1-da78-4569-89de-1458c0a83869", "proposal")],
            outcome.Refusals.Select(r => (r.SourceId, r.Code)).Order());
        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }
}
