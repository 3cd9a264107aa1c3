using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.AdminCli.Localization;
using Ceptoar.Core.Pki;

namespace Ceptoar.AdminCli.Pki;

/// <summary>
/// `pki rotate-signing|rotate-tls|rotate-encryption`: a new key of one kind for a node, certified by the root for the
/// same node and role, the old one kept under retired/ with its retirement time (docs/LIFECYCLE.md §2).
/// </summary>
internal static class RotateCommand
{
    /// <summary>A second rotation of the same key this soon is refused without --force: the node has likely not started on the first.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    public static Command Create(NodeKeyKind kind)
    {
        var rootOption = new Option<string>("--root") { Description = PkiText.IssueRootDescription, Required = true };
        var nodeDirOption = new Option<string>("--node-dir") { Description = PkiText.RotateNodeDirDescription, Required = true };
        var daysOption = new Option<int>("--days") { Description = PkiText.DaysDescription, DefaultValueFactory = _ => IssueNodeCommand.DefaultDays };
        var forceOption = new Option<bool>("--force") { Description = PkiText.RotateForceDescription };
        var passphraseFileOption = RootPassphrase.FileOption(PkiText.IssuePassphraseFileDescription);
        var description = kind switch
        {
            NodeKeyKind.Signing => PkiText.RotateSigningDescription,
            NodeKeyKind.Tls => PkiText.RotateTlsDescription,
            _ => PkiText.RotateEncryptionDescription,
        };
        var command = new Command("rotate-" + RetiredKeyFiles.NameOf(kind), description)
        {
            rootOption, nodeDirOption, daysOption, forceOption, passphraseFileOption,
        };
        command.SetAction(parseResult => PkiCommands.Run(parseResult, output =>
        {
            var days = parseResult.GetValue(daysOption);
            if (days is < 1 or > 3660)
            {
                throw new ArgumentException(Localized.Format(PkiText.DaysOutOfRange, 3660, days));
            }

            var files = new NodeKeyFiles(parseResult.GetRequiredValue(nodeDirOption));
            var (certificatePath, keyPath) = PathsOf(files, kind);
            if (!Directory.Exists(files.Directory) || !File.Exists(certificatePath) || !File.Exists(keyPath))
            {
                throw new InvalidOperationException(Localized.Format(PkiText.RotateNoNodeDir, files.Directory, Path.GetFileName(certificatePath), Path.GetFileName(keyPath)));
            }

            using var root = IssueNodeCommand.LoadRoot(parseResult.GetRequiredValue(rootOption), parseResult.GetValue(passphraseFileOption), parseResult.InvocationConfiguration.Error);
            var retired = Rotate(root, files, kind, TimeSpan.FromDays(days), DateTimeOffset.UtcNow, parseResult.GetValue(forceOption));
            output.WriteLine(Localized.Format(PkiText.Rotated, RetiredKeyFiles.NameOf(kind), files.Directory, retired.CertificatePath, retired.RetiredAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)));
            output.WriteLine(PkiText.RotatedRestart);
            return 0;
        }));
        return command;
    }

    /// <summary>Moves the current key of this kind to retired/ and issues a new one; on failure the current key is put back.</summary>
    public static RetiredKeyFile Rotate(FederationCa root, NodeKeyFiles files, NodeKeyKind kind, TimeSpan validity, DateTimeOffset now, bool force)
    {
        var (certificatePath, keyPath) = PathsOf(files, kind);
        using var current = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        var check = new TrustBundle([root.Certificate]).Check(current, now);
        if (!check.Valid || check.NodeId is null)
        {
            throw new InvalidOperationException(Localized.Format(PkiText.RotateWrongRoot, certificatePath, check.Problem));
        }

        var (role, problem) = NodeRoles.CertifiedBy(current);
        if (problem is not null)
        {
            throw new InvalidOperationException(Localized.Format(PkiText.RotateWrongRoot, certificatePath, problem));
        }

        var latest = RetiredKeyFiles.List(files, kind).FirstOrDefault();
        // Even with --force, one retired key per kind and second: its file name is its retirement time.
        var sameSecond = File.Exists(RetiredKeyFiles.For(files, kind, RetiredKeyFiles.RetirementTime(now)).CertificatePath);
        if ((!force && latest is not null && now - latest.RetiredAt < MinimumInterval) || sameSecond)
        {
            throw new InvalidOperationException(Localized.Format(PkiText.RotatedRecently, RetiredKeyFiles.NameOf(kind), (latest?.RetiredAt ?? now).ToString("u", System.Globalization.CultureInfo.InvariantCulture)));
        }

        return RetiredKeyFiles.Rotate(root, files, kind, check.NodeId, role, kind == NodeKeyKind.Tls ? HostNamesOf(current) : null, validity, now);
    }

    private static (string Certificate, string Key) PathsOf(NodeKeyFiles files, NodeKeyKind kind) => RetiredKeyFiles.PathsOf(files, kind);

    // The new TLS certificate answers to the same host names as the old one (the loopback names are always added).
    private static List<string> HostNamesOf(X509Certificate2 certificate)
    {
        var names = new List<string>();
        if (certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is { } san)
        {
            names.AddRange(san.EnumerateDnsNames());
            names.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
        }

        return [.. names.Where(n => !FederationCa.LoopbackNames.Contains(n)).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

}
