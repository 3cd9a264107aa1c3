using System.CommandLine;
using Ceptoar.AdminCli.Localization;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Pki;

/// <summary>`pki issue-node`: a node's TLS, signing and encryption certificates and keys, signed by the root.</summary>
internal static class IssueNodeCommand
{
    public const int DefaultDays = 365;
    private const int MaxDays = 3660;

    public static Command Create()
    {
        var rootOption = new Option<string>("--root") { Description = PkiText.IssueRootDescription, Required = true };
        var idOption = new Option<string>("--id") { Description = PkiText.IssueIdDescription, Required = true };
        var outOption = new Option<string>("--out") { Description = PkiText.IssueOutDescription, Required = true };
        var dnsOption = new Option<string[]>("--dns") { Description = PkiText.IssueSanDescription };
        var roleOption = new Option<string>("--role")
        {
            Description = PkiText.IssueRoleDescription + string.Join(", ", NodeRoles.Names) + ".",
            Required = true,
        };
        roleOption.AcceptOnlyFromAmong([.. NodeRoles.Names]);
        var daysOption = new Option<int>("--days") { Description = PkiText.DaysDescription, DefaultValueFactory = _ => DefaultDays };
        var forceOption = PkiCommands.ForceOption();
        var passphraseFileOption = RootPassphrase.FileOption(
            PkiText.IssuePassphraseFileDescription);
        var command = new Command("issue-node", PkiText.IssueNodeDescription)
        {
            rootOption, idOption, roleOption, outOption, dnsOption, daysOption, forceOption, passphraseFileOption,
        };
        command.SetAction(parseResult => PkiCommands.Run(parseResult, output =>
        {
            var nodeId = parseResult.GetRequiredValue(idOption);
            if (!NodeUri.IsValidNodeId(nodeId))
            {
                throw new ArgumentException(Localized.Format(PkiText.InvalidNodeId, nodeId));
            }

            var days = parseResult.GetValue(daysOption);
            if (days is < 1 or > MaxDays)
            {
                throw new ArgumentException(Localized.Format(PkiText.DaysOutOfRange, MaxDays, days));
            }

            var rootDirectory = parseResult.GetRequiredValue(rootOption);
            var directory = Path.Combine(parseResult.GetRequiredValue(outOption), nodeId);
            using var root = LoadRoot(rootDirectory, parseResult.GetValue(passphraseFileOption), parseResult.InvocationConfiguration.Error);
            var role = NodeRoles.Parse(parseResult.GetRequiredValue(roleOption));
            var files = Issue(root, nodeId, role, directory, TimeSpan.FromDays(days), parseResult.GetValue(dnsOption) ?? [], parseResult.GetValue(forceOption));
            Report(output, nodeId, role, files);
            return 0;
        }));
        return command;
    }

    /// <param name="passphraseFile">Holds the passphrase of an encrypted root key; null: asked on the terminal if needed.</param>
    public static FederationCa LoadRoot(string directory, string? passphraseFile, TextWriter prompts)
    {
        var certificate = Path.Combine(directory, FederationCa.CertificateFileName);
        if (!File.Exists(certificate))
        {
            throw new InvalidOperationException(Localized.Format(PkiText.NoRoot, directory, FederationCa.CertificateFileName));
        }

        return FederationCa.Load(directory, RootPassphrase.ForExistingKey(passphraseFile, Path.Combine(directory, FederationCa.KeyFileName), prompts));
    }

    public static NodeKeyFiles Issue(FederationCa root, string nodeId, NodeRole role, string directory, TimeSpan validity, IEnumerable<string> dnsNames, bool force)
    {
        var planned = new NodeKeyFiles(directory);
        PkiCommands.RefuseToOverwrite(AllFiles(planned), force);
        return root.IssueNode(nodeId, directory, validity, dnsNames, role: role);
    }

    public static IEnumerable<string> AllFiles(NodeKeyFiles files) =>
        [files.TlsCertificate, files.TlsKey, files.SigningCertificate, files.SigningKey, files.EncryptionCertificate, files.EncryptionKey];

    public static void Report(TextWriter output, string nodeId, NodeRole role, NodeKeyFiles files)
    {
        output.WriteLine(Localized.Format(PkiText.NodeIssued, nodeId, NodeRoles.Name(role), files.Directory));
        output.WriteLine(Localized.Format(PkiText.TlsFiles, Path.GetFileName(files.TlsCertificate), Path.GetFileName(files.TlsKey)));
        output.WriteLine(Localized.Format(PkiText.SigningFiles, Path.GetFileName(files.SigningCertificate), Path.GetFileName(files.SigningKey)));
        output.WriteLine(Localized.Format(PkiText.SealingFiles, Path.GetFileName(files.EncryptionCertificate), Path.GetFileName(files.EncryptionKey)));
        output.WriteLine(PkiText.PrivateKeysNote);
    }
}
