using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Testing;

/// <summary>A CEPTOAR of a roster file with the members its entry counts (0 for one still "planned"), and its name.</summary>
internal sealed record RosterCeptoar(string Id, string Sector, string Name, int Members);

/// <summary>
/// The simulated national federation of issue 13's benchmark: the CEPTOARs of the roster the node embeds (2014), NISC,
/// the CEPTOAR Council, the sector ministries of the roster, the Cabinet Secretariat's crisis office and a
/// disaster-management ministry, in the sample topology (every node peers with both hubs, the hubs with each other).
/// </summary>
internal static partial class NationalFederation
{
    /// <summary>
    /// The two government nodes the roster does not list, each certified in its role of the action plan (docs/MODES.md §1):
    /// the Cabinet Secretariat's crisis office and the Cabinet Office's disaster management.
    /// </summary>
    public static readonly ClusterNode[] Government =
    [
        new("cas-crisis", NodeRole.CabinetCrisis, []),
        new("cao-disaster", NodeRole.DisasterManagement, []),
    ];

    // The node embeds the roster as a resource (node/Ceptoar.Core/Items/Vocabulary/ceptoars-2014.json); it is read here
    // from the same assembly, so the benchmark and the node agree on ids and sectors.
    private const string RosterResource = "Ceptoar.Core.Vocabulary.ceptoars-2014.json";

    /// <summary>The CEPTOARs of the embedded 2014 roster, in file order, with their member counts.</summary>
    public static IReadOnlyList<RosterCeptoar> Roster2014()
    {
        using var roster = EmbeddedRoster();
        return ReadCeptoars(roster);
    }

    /// <summary>The layout of the national federation: hubs first, then the ministries, the two offices and every CEPTOAR.</summary>
    public static IReadOnlyList<ClusterNode> Layout2014()
    {
        using var roster = EmbeddedRoster();
        var ministries = roster.RootElement.GetProperty("ministries").EnumerateArray().Select(m => new ClusterNode(
            m.GetProperty("id").GetString()!,
            // Every entry of the roster's sector→ministry map oversees its sectors (所管省庁), the FSA included (docs/MODES.md §1).
            NodeRole.Ministry,
            [.. m.GetProperty("sectors").EnumerateArray().Select(s => s.GetString()!)]));
        var ceptoars = ReadCeptoars(roster).Select(c => new ClusterNode(c.Id, NodeRole.Secretariat, [c.Sector]));
        return [new("nisc", NodeRole.Nisc, []), new("council", NodeRole.Council, []), .. ministries, .. Government, .. ceptoars];
    }

    /// <summary>
    /// The members a roster entry counts: the sum of the numbers in its text outside parentheses, up to "relaying to" (the
    /// water CEPTOAR's members relay to utilities that are not its members); "planned" is 0.
    /// </summary>
    public static int MemberCount(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var own = Parenthesised().Replace(text, "");
        var relaying = own.IndexOf("relaying to", StringComparison.OrdinalIgnoreCase);
        if (relaying >= 0)
        {
            own = own[..relaying];
        }

        return Number().Matches(own).Sum(m => int.Parse(m.Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }

    /// <summary>Members at a scale: the count times the scale, rounded half up, at least one where the roster has any.</summary>
    public static int Scaled(int members, double scale)
    {
        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the member scale must be a number above 0 (1 = the 2014 member counts)");
        }

        return members == 0 ? 0 : Math.Max(1, (int)Math.Round(members * scale, MidpointRounding.AwayFromZero));
    }

    private static JsonDocument EmbeddedRoster()
    {
        using var stream = typeof(Vocabulary).Assembly.GetManifestResourceStream(RosterResource)
            ?? throw new InvalidOperationException($"the node's assembly has no resource {RosterResource}: the roster moved; update {nameof(NationalFederation)}");
        return JsonDocument.Parse(stream);
    }

    private static List<RosterCeptoar> ReadCeptoars(JsonDocument roster) =>
    [
        .. roster.RootElement.GetProperty("ceptoars").EnumerateArray().Select(c => new RosterCeptoar(
            c.GetProperty("id").GetString()!, c.GetProperty("sector").GetString()!, c.GetProperty("name").GetString()!,
            MemberCount(c.GetProperty("members").GetString()!))),
    ];

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"\d{1,3}(,\d{3})+|\d+")]
    private static partial Regex Number();
}
