using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Hosting;

/// <summary>TLP labels as people write them (the English form is kept in every language).</summary>
internal static class Labels
{
    public static string Name(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "CLEAR",
        Tlp.Green => "GREEN",
        Tlp.Amber => "AMBER",
        Tlp.AmberStrict => "AMBER+STRICT",
        Tlp.Red => "RED",
        _ => "UNSPECIFIED",
    };
}
