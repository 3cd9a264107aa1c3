using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Web;

/// <summary>
/// What every console page shows the same way (docs/CONSOLE.md §6): a TLP badge (the label's word, its colour only
/// repeating it) and the field violations of a service's refusal.
/// </summary>
public static class WebLabels
{
    /// <summary>"TLP:AMBER+STRICT": TLP 2.0's own writing, the same in both languages.</summary>
    public static string Text(Tlp tlp) => "TLP:" + TlpTransport.Name(tlp);

    /// <summary>The badge's class in console.css: FIRST's TLP 2.0 colour on black.</summary>
    public static string Class(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "tlp tlp-clear",
        Tlp.Green => "tlp tlp-green",
        Tlp.Amber => "tlp tlp-amber",
        Tlp.AmberStrict => "tlp tlp-amber-strict",
        Tlp.Red => "tlp tlp-red",
        _ => "tlp",
    };

    /// <summary>Each field a refusal names (google.rpc.BadRequest, already in the person's language), in its order.</summary>
    internal static IReadOnlyList<BadRequest.Types.FieldViolation> Violations(RpcException refused) =>
        refused.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations is { } violations ? [.. violations] : [];
}
