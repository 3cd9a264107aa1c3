using System.Text.RegularExpressions;
using Ceptoar.AdminCli.Tests.Localization;

namespace Ceptoar.Node.Tests.Localization;

/// <summary>
/// What the member and admin APIs say comes from the resource files (issue 12 item 5): a source scan of the folders whose
/// words reach member systems or staff (node Members/, Api/ and Administration/, Core Items/) fails on a string literal
/// that reads as words for people, unless the allow-list below says why it is not for a person to read.
/// </summary>
public sealed partial class MemberTextInSourceTests
{
    private static readonly string[] Folders = ["node/Ceptoar.Node/Members", "node/Ceptoar.Node/Api", "node/Ceptoar.Core/Items", "node/Ceptoar.Node/Administration", "node/Ceptoar.Node/Taxii"];

    /// <summary>Literals that look like text but are not words for a member system, each with the reason; matched by file and content.</summary>
    private static readonly (string File, string Contains, string Why)[] Allowed =
    [
        ("node/Ceptoar.Node/Members/MemberAuth.cs", "missing API key", "the audit entry's detail: English for the node's operators (README, Language of the member API)"),
        ("node/Ceptoar.Node/Members/MemberAuth.cs", "unknown API key", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/MemberAuth.cs", "more like it in the last minute", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/MemberAuth.cs", "\0 from \0", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/MemberAuth.cs", "MemberAuthInterceptor did not run", "a programming error, never sent to a member"),
        ("node/Ceptoar.Node/Members/MemberAuth.cs", "Bearer ", "the HTTP authorization scheme"),
        ("node/Ceptoar.Node/Members/MemberStreams.cs", "open stream with API key", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/MemberStreams.cs", "revoked API key", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/MemberStreams.cs", "member disabled", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/MemberStreams.cs", "unknown API key", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/MemberApi.cs", "not delivered to this member", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/SubmissionService.cs", "held", "a state of SubmitResponse.status: a value of the API, the same in every language"),
        ("node/Ceptoar.Node/Members/SubmissionService.cs", "accepted", "a state of SubmitResponse.status: a value of the API, the same in every language"),
        ("node/Ceptoar.Node/Members/SubmissionService.cs", "invalid fields: ", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/SubmissionService.cs", ", not an incident-handling node", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/WithdrawalService.cs", "the item is revoked", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/WithdrawalService.cs", "not this member's submission", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/WithdrawalService.cs", ", not here", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Members/WithdrawalService.cs", " in the approval queue", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Taxii/TaxiiApi.cs", "realm=", "the HTTP authentication challenge (RFC 9110): a protocol value"),
        ("node/Ceptoar.Node/Taxii/TaxiiApi.cs", "versions", "a TAXII 2.1 property name"),
        ("node/Ceptoar.Node/Taxii/TaxiiApi.cs", "objects", "a TAXII 2.1 property name"),
        ("node/Ceptoar.Node/Taxii/TaxiiWrites.cs", "$.objects[", "a JSON path naming an object of the envelope, the same in every language"),
        ("node/Ceptoar.Core/Items/Identifiers.cs", "characters of a-z", "the id rules as settings and admin errors state them to operators; members get ItemsText.NodeIdRule and MemberIdRule"),
        ("node/Ceptoar.Core/Items/LocalText.cs", "is missing from ItemsText.resx", "a programming error (a key without text), never sent to a member"),
        ("node/Ceptoar.Core/Items/VocabularyReader.cs", string.Empty, "errors in a vocabulary file, read by operators when the node starts (docs/ARCHITECTURE.md §3)"),
        ("node/Ceptoar.Core/Items/Vocabulary.cs", string.Empty, "errors in a vocabulary file, read by operators when the node starts"),
        ("node/Ceptoar.Core/Items/StaffNames.cs", string.Empty, "the staff-name rule of ceptoar-admin and the admin API, English for operators"),
        ("node/Ceptoar.Core/Items/UuidV7.cs", string.Empty, "argument checks of programming errors, never sent to a member"),
        ("node/Ceptoar.Node/Administration/AdminFederation.cs", "acknowledged", "a state of RecipientStatus.state: a value of the API, which ceptoar-admin shows in its language"),
        ("node/Ceptoar.Node/Administration/AdminFederation.cs", "delivered", "a state of RecipientStatus.state: a value of the API"),
        ("node/Ceptoar.Node/Administration/AdminFederation.cs", "rejected", "a state of RecipientStatus.state: a value of the API"),
        ("node/Ceptoar.Node/Administration/AdminFederation.cs", "pending", "a state of RecipientStatus.state: a value of the API"),
        ("node/Ceptoar.Node/Administration/AdminFederation.cs", "relayed", "a state of RecipientStatus.state: a value of the API"),
        ("node/Ceptoar.Node/Administration/AdminAcknowledgements.cs", "receipt to ", "the audit entry's detail: English for the node's operators"),
        ("node/Ceptoar.Node/Administration/AdminRules.cs", "rule \0 added at ", "the audit entry's detail (rules.change): English for the node's operators"),
        ("node/Ceptoar.Node/Administration/AdminRules.cs", "rule \0 removed from ", "the audit entry's detail (rules.change): English for the node's operators"),
        ("node/Ceptoar.Node/Administration/AdminRules.cs", "rule \0 moved from ", "the audit entry's detail (rules.change): English for the node's operators"),
        ("node/Ceptoar.Node/Administration/AdminRules.cs", "rules imported: ", "the audit entry's detail (rules.change): English for the node's operators"),
        ("node/Ceptoar.Node/Administration/AdminQueue.cs", "strip attribution: ", "the audit entry's detail (item.edit): English for the node's operators"),
        ("node/Ceptoar.Node/Administration/AdminContacts.cs", "whsec_", "the prefix of a webhook secret, part of the secret"),
        ("node/Ceptoar.Node/Members/MemberRest.cs", "is not described: add it here", "a programming error (a route kind the OpenAPI document does not describe), never sent to a member"),
        ("node/Ceptoar.Node/Members/MemberRest.cs", "route must begin with", "a programming error in member.proto, stopping the node at start, never sent to a member"),
    ];

    [Fact]
    public void MemberFacingSources_EveryTextForPeople_ComesFromResources()
    {
        var violations = new List<string>();
        var count = 0;
        foreach (var folder in Folders)
        {
            foreach (var path in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, folder), "*.cs", SearchOption.TopDirectoryOnly))
            {
                count++;
                var file = Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/');
                foreach (var literal in SourceLiterals.Read(File.ReadAllText(path)))
                {
                    if (IsTextForPeople(literal) && !Allowed.Any(a => a.File == file && literal.Text.Contains(a.Contains, StringComparison.Ordinal)))
                    {
                        violations.Add($"{file}:{literal.Line}: \"{literal.Text.Replace('\0', '…')}\"");
                    }
                }
            }
        }

        Assert.True(count > 20, $"only {count} sources found under {string.Join(", ", Folders)}");
        Assert.True(violations.Count == 0, "Text for members written in code; move it to the folder's <Folder>Text.resx and .ja.resx:\n" + string.Join('\n', violations));
    }

    [Theory]
    [InlineData("throw GrpcErrors.Unauthenticated(\"missing API key: send the header\");")]
    [InlineData("violations.Add(new FieldViolation(\"draft\", \"is missing: send the report\"));")]
    [InlineData("violations.Add(path, $\"The body has {count} indicators\");")]
    [InlineData("return Invalid($\"the request body is {n} bytes\");")]
    [InlineData("var what = missing ? \"The kind is missing\" : \"The kind is unknown\";")]
    [InlineData("return \"remove the trailing dot\";")]
    [InlineData("var note = \"件名がありません\";")]
    public void IsTextForPeople_InlineText_IsFlagged(string code)
    {
        Assert.Contains(SourceLiterals.Read(code), IsTextForPeople);
    }

    [Theory]
    [InlineData("violations.Add(\"draft.body.title\", new(nameof(ItemsText.TextMissing)));")]
    [InlineData("throw GrpcErrors.InvalidArgument(\"note\", MembersText.NoteTooLong);")]
    [InlineData("var header = context.RequestHeaders.GetValue(\"authorization\");")]
    [InlineData("[LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = \"Member {MemberId} exceeded its rate limit\")]")]
    [InlineData("IndicatorType.Md5 => HexProblem(value, 32, \"MD5\"),")]
    [InlineData("return Status(\"ceptoar.federation.v1.Batch\");")]
    public void IsTextForPeople_IdentifiersResourcesAndLogTemplates_IsNotFlagged(string code)
    {
        Assert.DoesNotContain(SourceLiterals.Read(code), IsTextForPeople);
    }

    /// <summary>
    /// The CLI scan's rule (tests/Ceptoar.AdminCli.Tests/Localization/UserTextInSourceTests): Japanese script; two words in
    /// a row; or a word handed straight to an API a person reads (errors, returns of a reason, a ternary's choices) unless it
    /// is a token. Log templates are not for members: node logs are English for operators (README, Language of the member API).
    /// </summary>
    private static bool IsTextForPeople(SourceLiteral literal)
    {
        var text = literal.Text;
        if (LogTemplate().IsMatch(literal.Before))
        {
            return false;
        }

        return JapaneseScript().IsMatch(text)
            || TwoWords().IsMatch(text)
            || (AnyWord().IsMatch(text) && !Token().IsMatch(text) && PersonApi().IsMatch(literal.Before));
    }

    [GeneratedRegex(@"Message\s*=\s*$")]
    private static partial Regex LogTemplate();

    [GeneratedRegex(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]")]
    private static partial Regex JapaneseScript();

    [GeneratedRegex(@"\p{L}{2,}[ \t]+\p{L}{2,}")]
    private static partial Regex TwoWords();

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex AnyWord();

    [GeneratedRegex(@"^\s*[-<]|^[A-Za-z0-9]+([-_./:][A-Za-z0-9]+)+\s*$")]
    private static partial Regex Token();

    [GeneratedRegex(@"(return|Exception|Invalid|Unauthenticated|PermissionDenied|NotFound|ResourceExhausted|\?|:)\s*\(?\s*$")]
    private static partial Regex PersonApi();
}
