using System.CommandLine;

namespace Ceptoar.AdminCli.Pki;

/// <summary>`pki …`: the federation root and node certificates.</summary>
internal static class PkiCommands
{
    public static Command Create() => new("pki", "Create the federation root and node certificates.");
}
