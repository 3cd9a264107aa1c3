using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Interchange;

/// <summary>
/// The TLP leak matrix every member door is run through (docs/TLP.md §2, docs/INTERCHANGE.md): members of different sectors
/// at one node, items of every label and audience, and — written out here, never asked of the policy code — who is
/// entitled to which item. Each item's title is its name, so a door's output shows an item by containing the name.
/// </summary>
internal static class LeakMatrix
{
    public const string Node = "bank-ceptoar";

    /// <summary>Who submits what: name → (submitter, label, audience).</summary>
    public static readonly (string Name, string Submitter, Tlp Tlp, Audience Audience)[] Items =
    [
        ("green-all", "mizuho-bank", Tlp.Green, new Audience()),
        ("clear-all", "tepco", Tlp.Clear, new Audience()),
        ("green-electricity", "mizuho-bank", Tlp.Green, new Audience { Sectors = { "electricity" } }),
        ("green-to-mufg", "tepco", Tlp.Green, new Audience { Members = { new MemberRef { Node = Node, MemberId = "mufg-bank" } } }),
        ("amber-finance", "mufg-bank", Tlp.Amber, new Audience { Sectors = { "finance" } }),
        ("amber-strict-council", "mizuho-bank", Tlp.AmberStrict, new Audience { Nodes = { "council" } }),
        ("red-to-mizuho", "tepco", Tlp.Red, new Audience { Members = { new MemberRef { Node = Node, MemberId = "mizuho-bank" } } }),
        ("red-to-nisc", "mizuho-bank", Tlp.Red, new Audience { Nodes = { "nisc" } }),
    ];

    /// <summary>
    /// Who is entitled to what (docs/TLP.md §2, the default with no handling rules): the submitter always; CLEAR/GREEN to
    /// all members, to the named sector's members or to the named member; AMBER and AMBER+STRICT to no other member; RED to
    /// the named member only.
    /// </summary>
    public static readonly Dictionary<string, string[]> Entitled = new()
    {
        ["mizuho-bank"] = ["green-all", "clear-all", "green-electricity", "amber-strict-council", "red-to-mizuho", "red-to-nisc"],
        ["mufg-bank"] = ["green-all", "clear-all", "green-to-mufg", "amber-finance"],
        ["tepco"] = ["green-all", "clear-all", "green-electricity", "green-to-mufg", "red-to-mizuho"],
        ["jr-east"] = ["green-all", "clear-all"],
    };

    public static readonly Dictionary<string, string> Sectors = new()
    {
        ["mizuho-bank"] = "finance",
        ["mufg-bank"] = "finance",
        ["tepco"] = "electricity",
        ["jr-east"] = "railway",
    };

    /// <summary>Adds the members with a key each and has each submit its items: (member → key, item name → id).</summary>
    public static async Task<(Dictionary<string, string> Keys, Dictionary<string, string> Ids)> FillAsync(TestNode node)
    {
        var keys = new Dictionary<string, string>();
        var ids = new Dictionary<string, string>();
        foreach (var (member, sector) in Sectors)
        {
            keys[member] = await node.AddMemberWithKeyAsync(member, sector);
        }

        foreach (var (name, submitter, tlp, audience) in Items)
        {
            var draft = Drafts.Incident(tlp, name);
            draft.Audience = audience;
            ids[name] = (await node.Member(keys[submitter]).SubmitAsync(Drafts.Request(draft))).ItemId;
        }

        return (keys, ids);
    }
}
