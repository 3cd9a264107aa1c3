using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Pki;

/// <summary>
/// `pki revoke`: the next version of the federation's revocation list, with one more certificate or signing key,
/// signed with the root's key (docs/LIFECYCLE.md §3). Offline, like the other root commands; `pki publish-revocations`
/// then hands the file to a node.
/// </summary>
internal static class RevokeCommand
{
    /// <summary>Where the list is kept when --list is not given: next to the root's certificate and key.</summary>
    public const string DefaultListFileName = "revocations.dsse";

    public static Command Create()
    {
        var rootOption = new Option<string>("--root-key", "--root") { Description = PkiText.RevokeRootDescription, Required = true, HelpName = "DIR" };
        var certificateOption = new Option<string?>("--certificate") { Description = PkiText.RevokeCertificateDescription, HelpName = "FILE" };
        var keyOption = new Option<string?>("--signing-key-id") { Description = PkiText.RevokeKeyIdDescription, HelpName = "ID" };
        var reasonOption = new Option<string>("--reason") { Description = PkiText.RevokeReasonDescription, Required = true };
        var atOption = new Option<string?>("--at") { Description = PkiText.RevokeAtDescription, HelpName = "TIME" };
        var listOption = new Option<string?>("--list") { Description = Localized.Format(PkiText.RevokeListDescription, DefaultListFileName), HelpName = "FILE" };
        var passphraseFileOption = RootPassphrase.FileOption(PkiText.IssuePassphraseFileDescription);
        var command = new Command("revoke", PkiText.RevokeDescription)
        {
            rootOption, certificateOption, keyOption, reasonOption, atOption, listOption, passphraseFileOption,
        };
        command.SetAction(parseResult => PkiCommands.Run(parseResult, output =>
        {
            var now = DateTimeOffset.UtcNow;
            var entry = Entry(parseResult.GetValue(certificateOption), parseResult.GetValue(keyOption), parseResult.GetRequiredValue(reasonOption), parseResult.GetValue(atOption), now);
            var rootDirectory = parseResult.GetRequiredValue(rootOption);
            var listPath = parseResult.GetValue(listOption) ?? Path.Combine(rootDirectory, DefaultListFileName);
            using var root = IssueNodeCommand.LoadRoot(rootDirectory, parseResult.GetValue(passphraseFileOption), parseResult.InvocationConfiguration.Error);
            var next = RevocationLists.Next(Previous(root, listPath, now), entry, now);
            var envelope = RevocationLists.Sign(root, next);
            // Written whole to a new file and moved over the old one: a crash leaves the previous version, never half a list.
            var temporary = listPath + ".tmp";
            File.WriteAllBytes(temporary, envelope.ToByteArray());
            File.Move(temporary, listPath, overwrite: true);
            output.WriteLine(Localized.Format(PkiText.RevokeWritten, next.Version, listPath, next.Entries.Count));
            output.WriteLine(Localized.Format(PkiText.RevokeEntry, RevocationLists.SubjectOf(entry), Formats.Time(entry.RevokedAt), entry.Reason));
            output.WriteLine(Localized.Format(PkiText.RevokePublishHint, listPath));
            return 0;
        }));
        return command;
    }

    private static RevocationEntry Entry(string? certificateFile, string? keyId, string reason, string? at, DateTimeOffset now)
    {
        if ((certificateFile is null) == (keyId is null))
        {
            throw new ArgumentException(PkiText.RevokeOneSubject);
        }

        var entry = new RevocationEntry { Reason = reason.Trim(), RevokedAt = Timestamp.FromDateTimeOffset(RevokedAt(at, now)) };
        if (certificateFile is not null)
        {
            entry.CertificateThumbprint = Thumbprint(certificateFile);
        }
        else
        {
            entry.SigningKeyId = keyId!.Trim();
        }

        return entry;
    }

    private static DateTimeOffset RevokedAt(string? at, DateTimeOffset now)
    {
        if (at is null)
        {
            return now;
        }

        if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new ArgumentException(Localized.Format(PkiText.RevokeAtInvalid, at));
        }

        return time > now ? throw new ArgumentException(Localized.Format(PkiText.RevokeAtFuture, at)) : time;
    }

    private static string Thumbprint(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(Localized.Format(PkiText.CertificateMissing, path));
        }

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(File.ReadAllText(path));
        if (certificates.Count != 1)
        {
            throw new InvalidOperationException(Localized.Format(PkiText.RevokeOneCertificate, path, certificates.Count));
        }

        using var certificate = certificates[0];
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    /// <summary>The list this root issued last, read back and checked against the root itself; null before the first.</summary>
    private static RevocationList? Previous(FederationCa root, string listPath, DateTimeOffset now)
    {
        if (!File.Exists(listPath))
        {
            return null;
        }

        Envelope envelope;
        try
        {
            envelope = Envelope.Parser.ParseFrom(File.ReadAllBytes(listPath));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidOperationException(Localized.Format(PkiText.RevokePreviousInvalid, listPath, e.Message), e);
        }

        var check = RevocationLists.Verify(envelope, new TrustBundle([root.Certificate]), now, TimeSpan.FromMinutes(5));
        return check.Valid ? check.List : throw new InvalidOperationException(Localized.Format(PkiText.RevokePreviousInvalid, listPath, check.Problem));
    }
}
