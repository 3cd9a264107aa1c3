namespace Ceptoar.Core.Pki;

/// <summary>The three keys of a node, each with its own certificate and rotated on its own (docs/LIFECYCLE.md §2).</summary>
public enum NodeKeyKind
{
    Tls,
    Signing,
    Encryption,
}
