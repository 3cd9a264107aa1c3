using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Core.Pki;

namespace Ceptoar.AdminCli.Pki;

/// <summary>`pki show FILE`: what a certificate file holds (subject, node id, key type, validity, issuer).</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var fileArgument = new Argument<string>("file") { Description = PkiText.ShowFileDescription };
        var command = new Command("show", PkiText.ShowDescription) { fileArgument };
        command.SetAction(parseResult => PkiCommands.Run(parseResult, output =>
        {
            var path = parseResult.GetRequiredValue(fileArgument);
            var certificates = Load(path);
            for (var i = 0; i < certificates.Count; i++)
            {
                if (i > 0)
                {
                    output.WriteLine();
                }

                Describe(output, certificates[i], DateTimeOffset.UtcNow);
            }

            return 0;
        }));
        return command;
    }

    private static X509Certificate2Collection Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(Localized.Format(PkiText.CertificateMissing, path));
        }

        var text = File.ReadAllText(path);
        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(Localized.Format(PkiText.HoldsPrivateKey, path));
        }

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(text);
        if (certificates.Count == 0)
        {
            throw new InvalidOperationException(Localized.Format(PkiText.NoPemCertificate, path));
        }

        return certificates;
    }

    private static void Describe(TextWriter output, X509Certificate2 certificate, DateTimeOffset now)
    {
        var nodeId = NodeUri.NodeIdOf(certificate);
        var isCa = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(basic => basic.CertificateAuthority);
        output.WriteLine(Localized.Format(PkiText.ShowSubject, certificate.Subject));
        var noNodeId = isCa ? PkiText.NoNodeIdCa : PkiText.NoNodeIdNotNode;
        output.WriteLine(Localized.Format(PkiText.ShowNodeId, nodeId ?? noNodeId));
        if (nodeId is not null)
        {
            var (role, problem) = NodeRoles.CertifiedBy(certificate);
            var uncertified = Localized.Format(PkiText.UncertifiedRole, NodeRoles.Name(NodeRoles.Uncertified));
            output.WriteLine(Localized.Format(PkiText.ShowRole, (role is { } r ? NodeRoles.Name(r) : problem ?? uncertified)));
        }

        output.WriteLine(Localized.Format(PkiText.ShowKeyType, NodeCertificateKeys.DescribeKey(certificate)));
        if (nodeId is not null && certificate.PublicKey.Oid.Value == NodeCertificateKeys.Ed25519Oid)
        {
            output.WriteLine(Localized.Format(PkiText.ShowKeyId, NodeCertificateKeys.SignerKeyOf(certificate).KeyId));
        }

        output.WriteLine(Localized.Format(PkiText.ShowUsage, Usage(certificate, isCa)));
        var notBefore = certificate.NotBefore.ToUniversalTime();
        var notAfter = certificate.NotAfter.ToUniversalTime();
        var state = now < notBefore ? PkiText.NotYetValid : now > notAfter ? PkiText.Expired : PkiText.ValidNow;
        output.WriteLine(Localized.Format(PkiText.ShowValidity, Formats.Time(notBefore), Formats.Time(notAfter), state));
        output.WriteLine(Localized.Format(PkiText.ShowIssuer, certificate.Issuer));
        output.WriteLine(Localized.Format(PkiText.ShowSerial, certificate.SerialNumber.ToLowerInvariant()));
        output.WriteLine(Localized.Format(PkiText.ShowSha256, Convert.ToHexStringLower(SHA256.HashData(certificate.RawData))));
    }

    private static string Usage(X509Certificate2 certificate, bool isCa)
    {
        var parts = new List<string>();
        if (isCa)
        {
            parts.Add("CA");
        }

        if (certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } keyUsage)
        {
            parts.Add(keyUsage.KeyUsages.ToString());
        }

        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } extended)
        {
            parts.AddRange(extended.EnhancedKeyUsages.Cast<Oid>().Select(oid => oid.FriendlyName ?? oid.Value ?? "?"));
        }

        return parts.Count == 0 ? PkiText.Unspecified : string.Join(", ", parts);
    }
}
