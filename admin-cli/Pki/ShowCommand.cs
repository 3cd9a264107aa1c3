using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Pki;

namespace Ceptoar.AdminCli.Pki;

/// <summary>`pki show FILE`: what a certificate file holds (subject, node id, key type, validity, issuer).</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var fileArgument = new Argument<string>("file") { Description = "A PEM certificate file (.crt.pem); a bundle shows every certificate in it." };
        var command = new Command("show", "Show a certificate: subject, node id, certified role, key type, validity, issuer.") { fileArgument };
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
            throw new InvalidOperationException($"{path} does not exist; give the path of a .crt.pem file");
        }

        var text = File.ReadAllText(path);
        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path} holds a private key, not a certificate; show the matching .crt.pem instead (and do not share this file)");
        }

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(text);
        if (certificates.Count == 0)
        {
            throw new InvalidOperationException($"{path} holds no PEM certificate; give the path of a .crt.pem file");
        }

        return certificates;
    }

    private static void Describe(TextWriter output, X509Certificate2 certificate, DateTimeOffset now)
    {
        var nodeId = NodeUri.NodeIdOf(certificate);
        var isCa = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(basic => basic.CertificateAuthority);
        output.WriteLine($"subject:   {certificate.Subject}");
        output.WriteLine($"node id:   {nodeId ?? (isCa ? "(none: this is a CA certificate)" : "(none: not a node certificate)")}");
        if (nodeId is not null)
        {
            var (role, problem) = NodeRoles.CertifiedBy(certificate);
            output.WriteLine($"role:      {(role is { } r ? NodeRoles.Name(r) : problem ?? $"(none certified: may act only as a {NodeRoles.Name(NodeRoles.Uncertified)})")}");
        }

        output.WriteLine($"key type:  {NodeCertificateKeys.DescribeKey(certificate)}");
        if (nodeId is not null && certificate.PublicKey.Oid.Value == NodeCertificateKeys.Ed25519Oid)
        {
            output.WriteLine($"key id:    {NodeCertificateKeys.SignerKeyOf(certificate).KeyId}");
        }

        output.WriteLine($"usage:     {Usage(certificate, isCa)}");
        var notBefore = certificate.NotBefore.ToUniversalTime();
        var notAfter = certificate.NotAfter.ToUniversalTime();
        var state = now < notBefore ? "NOT YET VALID" : now > notAfter ? "EXPIRED" : "valid now";
        output.WriteLine($"validity:  {notBefore:yyyy-MM-dd HH:mm:ss}Z to {notAfter:yyyy-MM-dd HH:mm:ss}Z ({state})");
        output.WriteLine($"issuer:    {certificate.Issuer}");
        output.WriteLine($"serial:    {certificate.SerialNumber.ToLowerInvariant()}");
        output.WriteLine($"sha-256:   {Convert.ToHexStringLower(SHA256.HashData(certificate.RawData))}");
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

        return parts.Count == 0 ? "(unspecified)" : string.Join(", ", parts);
    }
}
