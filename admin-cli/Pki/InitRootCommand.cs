using System.CommandLine;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Core.Pki;

namespace Ceptoar.AdminCli.Pki;

/// <summary>`pki init-root`: a new federation root CA (root.crt.pem, root.key.pem).</summary>
internal static class InitRootCommand
{
    public const string DefaultName = "CEPTOAR Federation Root CA";
    private const int MaxYears = 30;

    public static Command Create()
    {
        var outOption = new Option<string>("--out") { Description = PkiText.RootOutDescription, Required = true };
        var nameOption = new Option<string>("--name") { Description = PkiText.RootNameDescription, DefaultValueFactory = _ => DefaultName };
        var yearsOption = new Option<int>("--years") { Description = PkiText.YearsDescription, DefaultValueFactory = _ => 10 };
        var forceOption = PkiCommands.ForceOption();
        var passphraseFileOption = RootPassphrase.FileOption(
            PkiText.RootPassphraseFileDescription);
        var noPassphraseOption = RootPassphrase.NoPassphraseOption();
        var command = new Command(
            "init-root",
            PkiText.InitRootDescription)
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
                throw new ArgumentException(Localized.Format(PkiText.YearsOutOfRange, MaxYears, years));
            }

            var certificatePath = Path.Combine(directory, FederationCa.CertificateFileName);
            var keyPath = Path.Combine(directory, FederationCa.KeyFileName);
            PkiCommands.RefuseToOverwrite([certificatePath, keyPath], parseResult.GetValue(forceOption));
            var passphrase = RootPassphrase.ForNewKey(
                parseResult.GetValue(passphraseFileOption), parseResult.GetValue(noPassphraseOption), parseResult.InvocationConfiguration.Error);

            var now = DateTimeOffset.UtcNow;
            using var root = FederationCa.CreateRoot(name, now.AddYears(years) - now);
            root.Save(directory, passphrase);
            output.WriteLine(Localized.Format(PkiText.RootCreated, root.Certificate.Subject, Formats.Time(root.Certificate.NotAfter.ToUniversalTime())));
            output.WriteLine(Localized.Format(PkiText.RootCertificateFile, certificatePath));
            output.WriteLine(passphrase is null
                ? Localized.Format(PkiText.RootKeyUnencrypted, keyPath)
                : Localized.Format(PkiText.RootKeyEncrypted, keyPath));
            return 0;
        }));
        return command;
    }
}
