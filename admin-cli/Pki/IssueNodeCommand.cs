using System.CommandLine;
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
        var rootOption = new Option<string>("--root") { Description = "Directory holding root.crt.pem and root.key.pem.", Required = true };
        var idOption = new Option<string>("--id") { Description = "Node id (a-z, 0-9, '-', starting with a letter), e.g. bank-ceptoar.", Required = true };
        var outOption = new Option<string>("--out") { Description = "Directory; files go to <out>/<id>/.", Required = true };
        var dnsOption = new Option<string[]>("--dns") { Description = "Extra DNS name or IP address for the TLS certificate (repeatable); localhost, 127.0.0.1 and ::1 are always included." };
        var roleOption = new Option<string>("--role")
        {
            Description = "The node's role, certified in its certificates (SAN urn:ceptoar:role:<role>): " + string.Join(", ", NodeRoles.Names) + ".",
            Required = true,
        };
        roleOption.AcceptOnlyFromAmong([.. NodeRoles.Names]);
        var daysOption = new Option<int>("--days") { Description = "Validity in days.", DefaultValueFactory = _ => DefaultDays };
        var forceOption = PkiCommands.ForceOption();
        var passphraseFileOption = RootPassphrase.FileOption(
            "The passphrase of an encrypted root.key.pem, on this file's first line; without it the passphrase is asked on the terminal.");
        var command = new Command("issue-node", "Issue a node's TLS (ECDSA P-256), signing (Ed25519) and encryption (X25519) certificates.")
        {
            rootOption, idOption, roleOption, outOption, dnsOption, daysOption, forceOption, passphraseFileOption,
        };
        command.SetAction(parseResult => PkiCommands.Run(parseResult, output =>
        {
            var nodeId = parseResult.GetRequiredValue(idOption);
            if (!NodeUri.IsValidNodeId(nodeId))
            {
                throw new ArgumentException($"'{nodeId}' is not a valid node id: use 2 to 63 characters of a-z, 0-9 and '-', starting with a letter (e.g. bank-ceptoar)");
            }

            var days = parseResult.GetValue(daysOption);
            if (days is < 1 or > MaxDays)
            {
                throw new ArgumentException($"--days must be between 1 and {MaxDays}, not {days}");
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
            throw new InvalidOperationException($"no root in {directory} ({FederationCa.CertificateFileName} is missing); create one with `ceptoar-admin pki init-root --out {directory}`");
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
        output.WriteLine($"Issued node '{nodeId}' with the certified role '{NodeRoles.Name(role)}' in {files.Directory}:");
        output.WriteLine($"  {Path.GetFileName(files.TlsCertificate)}, {Path.GetFileName(files.TlsKey)}  (mutual TLS)");
        output.WriteLine($"  {Path.GetFileName(files.SigningCertificate)}, {Path.GetFileName(files.SigningKey)}  (Ed25519 origin signatures)");
        output.WriteLine($"  {Path.GetFileName(files.EncryptionCertificate)}, {Path.GetFileName(files.EncryptionKey)}  (X25519 sealing)");
        output.WriteLine("  Private keys are owner-only (0600); copy the directory to the node's data directory, never into a repository.");
    }
}
