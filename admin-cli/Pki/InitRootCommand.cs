using System.CommandLine;
using Ceptoar.Core.Pki;

namespace Ceptoar.AdminCli.Pki;

/// <summary>`pki init-root`: a new federation root CA (root.crt.pem, root.key.pem).</summary>
internal static class InitRootCommand
{
    public const string DefaultName = "CEPTOAR Federation Root CA";
    private const int MaxYears = 30;

    public static Command Create()
    {
        var outOption = new Option<string>("--out") { Description = "Directory for root.crt.pem and root.key.pem.", Required = true };
        var nameOption = new Option<string>("--name") { Description = "Common name of the root.", DefaultValueFactory = _ => DefaultName };
        var yearsOption = new Option<int>("--years") { Description = "Validity in years.", DefaultValueFactory = _ => 10 };
        var forceOption = PkiCommands.ForceOption();
        var passphraseFileOption = RootPassphrase.FileOption(
            "Encrypt root.key.pem with the passphrase on this file's first line; without it (and without --no-passphrase) it is asked on the terminal.");
        var noPassphraseOption = RootPassphrase.NoPassphraseOption();
        var command = new Command(
            "init-root",
            "Create a federation root CA (ECDSA P-256); its key is encrypted with a passphrase (PBKDF2-SHA256, AES-256-CBC). Keep root.key.pem offline.")
        {
            outOption, nameOption, yearsOption, forceOption, passphraseFileOption, noPassphraseOption,
        };
        command.SetAction(parseResult => PkiCommands.Run(parseResult, output =>
        {
            var directory = parseResult.GetRequiredValue(outOption);
            var name = parseResult.GetValue(nameOption) ?? DefaultName;
            var years = parseResult.GetValue(yearsOption);
            if (years is < 1 or > MaxYears)
            {
                throw new ArgumentException($"--years must be between 1 and {MaxYears}, not {years}");
            }

            var certificatePath = Path.Combine(directory, FederationCa.CertificateFileName);
            var keyPath = Path.Combine(directory, FederationCa.KeyFileName);
            PkiCommands.RefuseToOverwrite([certificatePath, keyPath], parseResult.GetValue(forceOption));
            var passphrase = RootPassphrase.ForNewKey(
                parseResult.GetValue(passphraseFileOption), parseResult.GetValue(noPassphraseOption), parseResult.InvocationConfiguration.Error);

            var now = DateTimeOffset.UtcNow;
            using var root = FederationCa.CreateRoot(name, now.AddYears(years) - now);
            root.Save(directory, passphrase);
            output.WriteLine($"Created root '{root.Certificate.Subject}', valid until {root.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}:");
            output.WriteLine($"  {certificatePath}  (give to every node: it goes in their trust bundle)");
            output.WriteLine(passphrase is null
                ? $"  {keyPath}  (owner-only, NOT encrypted: for samples and tests only; it can certify any node)"
                : $"  {keyPath}  (owner-only, encrypted with your passphrase; keep it offline, it can certify any node)");
            return 0;
        }));
        return command;
    }
}
