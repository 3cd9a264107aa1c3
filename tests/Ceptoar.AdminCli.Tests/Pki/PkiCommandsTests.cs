using Ceptoar.Core.Pki;

namespace Ceptoar.AdminCli.Tests.Pki;

public sealed class PkiCommandsTests : IDisposable
{
    private static readonly string[] SampleNodes =
        ["nisc", "council", "bank-ceptoar", "electricity-ceptoar", "local-gov-ceptoar", "fsa", "meti", "cas-crisis", "cao-disaster", "npa"];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private string RootDirectory => _directory.Combine("root");

    private async Task InitRoot()
    {
        var (exitCode, _, error) = await Run("pki", "init-root", "--out", RootDirectory, "--no-passphrase");
        Assert.True(exitCode == 0, error);
    }

    [Fact]
    public async Task InitRoot_NewDirectory_WritesCertificateAndOwnerOnlyKey()
    {
        var (exitCode, output, error) = await Run("pki", "init-root", "--out", RootDirectory, "--name", "Council Root", "--years", "3", "--no-passphrase");

        Assert.True(exitCode == 0, error);
        Assert.Equal(string.Empty, error);
        using var root = FederationCa.Load(RootDirectory);
        Assert.Contains("CN=Council Root", root.Certificate.Subject);
        Assert.InRange(root.Certificate.NotAfter.ToUniversalTime(), DateTime.UtcNow.AddYears(3).AddDays(-1), DateTime.UtcNow.AddYears(3).AddDays(1));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, PemTestFiles.Mode(Path.Combine(RootDirectory, FederationCa.KeyFileName)));
        Assert.Contains(FederationCa.KeyFileName, output);
    }

    [Fact]
    public async Task InitRoot_ExistingRoot_RefusedUnlessForce()
    {
        await InitRoot();
        var keyPath = Path.Combine(RootDirectory, FederationCa.KeyFileName);
        var original = File.ReadAllText(keyPath);

        var refused = await Run("pki", "init-root", "--out", RootDirectory, "--no-passphrase");
        var forced = await Run("pki", "init-root", "--out", RootDirectory, "--force", "--no-passphrase");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already exist", refused.Error);
        Assert.Contains("--force", refused.Error);
        Assert.Equal(0, forced.ExitCode);
        Assert.NotEqual(original, File.ReadAllText(keyPath));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("31")]
    public async Task InitRoot_YearsOutOfRange_Error(string years)
    {
        var (exitCode, _, error) = await Run("pki", "init-root", "--out", RootDirectory, "--years", years, "--no-passphrase");

        Assert.Equal(1, exitCode);
        Assert.Contains("--years", error);
        Assert.False(Directory.Exists(RootDirectory));
    }

    [Fact]
    public async Task InitRoot_MissingOut_NonZero()
    {
        var (exitCode, _, error) = await Run("pki", "init-root");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--out", error);
    }

    [Fact]
    public async Task IssueNode_WithRoot_WritesSixFilesThatLoadAsCredentials()
    {
        await InitRoot();
        var nodes = _directory.Combine("nodes");

        var (exitCode, output, error) = await Run("pki", "issue-node", "--root", RootDirectory, "--id", "electricity-ceptoar", "--role", "secretariat", "--out", nodes,
            "--dns", "node.example.jp", "--dns", "192.0.2.10", "--days", "30");

        Assert.True(exitCode == 0, error);
        var files = new NodeKeyFiles(Path.Combine(nodes, "electricity-ceptoar"));
        Assert.Contains(files.Directory, output);
        var trust = TrustBundle.Load([Path.Combine(RootDirectory, FederationCa.CertificateFileName)]);
        var credentials = NodeCredentials.Load(files, "electricity-ceptoar", trust, DateTimeOffset.UtcNow);
        var san = Assert.Single(credentials.TlsCertificate.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>());
        Assert.Contains("node.example.jp", san.EnumerateDnsNames());
        Assert.Contains("192.0.2.10", san.EnumerateIPAddresses().Select(ip => ip.ToString()));
        Assert.InRange(credentials.SigningCertificate.NotAfter.ToUniversalTime(), DateTime.UtcNow.AddDays(29), DateTime.UtcNow.AddDays(31));
    }

    [Fact]
    public async Task IssueNode_MissingRoot_ErrorPointsToInitRoot()
    {
        var (exitCode, _, error) = await Run("pki", "issue-node", "--root", RootDirectory, "--id", "nisc", "--role", "nisc", "--out", _directory.Combine("nodes"));

        Assert.Equal(1, exitCode);
        Assert.Contains("no root in", error);
        Assert.Contains("pki init-root", error);
        Assert.False(Directory.Exists(_directory.Combine("nodes")));
    }

    [Theory]
    [InlineData("NISC")]
    [InlineData("bank_ceptoar")]
    [InlineData("../nisc")]
    public async Task IssueNode_InvalidNodeId_ErrorWritesNothing(string nodeId)
    {
        await InitRoot();

        var (exitCode, _, error) = await Run("pki", "issue-node", "--root", RootDirectory, "--id", nodeId, "--role", "secretariat", "--out", _directory.Combine("nodes"));

        Assert.Equal(1, exitCode);
        Assert.Contains("not a valid node id", error);
        Assert.False(Directory.Exists(_directory.Combine("nodes")));
    }

    [Fact]
    public async Task IssueNode_ExistingNode_RefusedUnlessForce()
    {
        await InitRoot();
        var nodes = _directory.Combine("nodes");
        string[] args = ["pki", "issue-node", "--root", RootDirectory, "--id", "nisc", "--role", "nisc", "--out", nodes];
        Assert.Equal(0, (await Run(args)).ExitCode);
        var signingKey = new NodeKeyFiles(Path.Combine(nodes, "nisc")).SigningKey;
        var original = File.ReadAllText(signingKey);

        var refused = await Run(args);
        var forced = await Run([.. args, "--force"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--force", refused.Error);
        Assert.Equal(0, forced.ExitCode);
        Assert.NotEqual(original, File.ReadAllText(signingKey));
    }

    [Fact]
    public async Task IssueNode_Role_CertifiedInAllThreeCertificates()
    {
        await InitRoot();
        var nodes = _directory.Combine("nodes");

        var (exitCode, output, error) = await Run("pki", "issue-node", "--root", RootDirectory, "--id", "council", "--role", "council", "--out", nodes);

        Assert.True(exitCode == 0, error);
        Assert.Contains("certified role 'council'", output);
        var files = new NodeKeyFiles(Path.Combine(nodes, "council"));
        foreach (var path in new[] { files.TlsCertificate, files.SigningCertificate, files.EncryptionCertificate })
        {
            using var certificate = PemTestFiles.Certificate(path);
            Assert.Contains("URI:urn:ceptoar:role:council", SanUris(certificate));
            Assert.Contains("URI:urn:ceptoar:node:council", SanUris(certificate));
        }
    }

    [Fact]
    public async Task IssueNode_WithoutRole_UsageErrorWritesNothing()
    {
        await InitRoot();

        var (exitCode, _, error) = await Run("pki", "issue-node", "--root", RootDirectory, "--id", "council", "--out", _directory.Combine("nodes"));

        Assert.Equal(1, exitCode);
        Assert.Contains("--role", error);
        Assert.False(Directory.Exists(_directory.Combine("nodes")));
    }

    [Fact]
    public async Task IssueNode_UnknownRole_UsageErrorNamingTheRoles()
    {
        await InitRoot();

        var (exitCode, _, error) = await Run("pki", "issue-node", "--root", RootDirectory, "--id", "council", "--role", "hub", "--out", _directory.Combine("nodes"));

        Assert.Equal(1, exitCode);
        Assert.Contains("hub", error);
        Assert.Contains("secretariat", error);
        Assert.False(Directory.Exists(_directory.Combine("nodes")));
    }

    [Fact]
    public async Task Sample_Roles_HubsSecretariatsMinistriesAndTheActionPlansOtherActorsEachCertifiedInItsRole()
    {
        var sample = _directory.Combine("sample");

        Assert.Equal(0, (await Run("pki", "sample", "--out", sample)).ExitCode);

        var expected = new Dictionary<string, string>
        {
            ["nisc"] = "nisc", ["council"] = "council", ["bank-ceptoar"] = "secretariat", ["electricity-ceptoar"] = "secretariat", ["local-gov-ceptoar"] = "secretariat",
            ["fsa"] = "ministry", ["meti"] = "ministry", ["cas-crisis"] = "cabinet-crisis", ["cao-disaster"] = "disaster-management", ["npa"] = "incident-handling",
        };
        foreach (var (nodeId, role) in expected)
        {
            using var certificate = PemTestFiles.Certificate(new NodeKeyFiles(Path.Combine(sample, nodeId)).SigningCertificate);
            Assert.Contains($"URI:urn:ceptoar:role:{role}", SanUris(certificate));
        }
    }

    /// <summary>The certificate's SAN as .NET formats it ("URI:..." entries), read independently of the code under test.</summary>
    private static string SanUris(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        string.Join("\n", certificate.Extensions.Where(e => e.Oid?.Value == "2.5.29.17").Select(e => e.Format(multiLine: true)));

    [Fact]
    public async Task Sample_EmptyDirectory_RootAndTenNodesThatLoadForTenYears()
    {
        var sample = _directory.Combine("sample");

        var (exitCode, output, error) = await Run("pki", "sample", "--out", sample);

        Assert.True(exitCode == 0, error);
        Assert.Contains("Never use them in production", output);
        var trust = TrustBundle.Load([Path.Combine(sample, FederationCa.CertificateFileName)]);
        foreach (var nodeId in SampleNodes)
        {
            var credentials = NodeCredentials.Load(new NodeKeyFiles(Path.Combine(sample, nodeId)), nodeId, trust, DateTimeOffset.UtcNow.AddYears(9));
            Assert.Equal(nodeId, credentials.NodeId);
        }

        Assert.Equal(SampleNodes.Order(), Directory.GetDirectories(sample).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Sample_RerunWithoutForce_RefusedAndUnchanged()
    {
        var sample = _directory.Combine("sample");
        Assert.Equal(0, (await Run("pki", "sample", "--out", sample)).ExitCode);
        var rootCertificate = Path.Combine(sample, FederationCa.CertificateFileName);
        var original = File.ReadAllText(rootCertificate);

        var refused = await Run("pki", "sample", "--out", sample);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(original, File.ReadAllText(rootCertificate));

        var forced = await Run("pki", "sample", "--out", sample, "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.NotEqual(original, File.ReadAllText(rootCertificate));
        var trust = TrustBundle.Load([rootCertificate]);
        Assert.Equal("nisc", NodeCredentials.Load(new NodeKeyFiles(Path.Combine(sample, "nisc")), "nisc", trust, DateTimeOffset.UtcNow).NodeId);
    }

    [Fact]
    public async Task Show_SigningCertificate_SubjectNodeKeyTypeValidityIssuer()
    {
        await InitRoot();
        var nodes = _directory.Combine("nodes");
        Assert.Equal(0, (await Run("pki", "issue-node", "--root", RootDirectory, "--id", "council", "--role", "council", "--out", nodes)).ExitCode);
        var path = new NodeKeyFiles(Path.Combine(nodes, "council")).SigningCertificate;
        using var certificate = PemTestFiles.Certificate(path);

        var (exitCode, output, error) = await Run("pki", "show", path);

        Assert.True(exitCode == 0, error);
        Assert.Contains("subject:   CN=council, O=CEPTOAR Federation", output);
        Assert.Contains("node id:   council", output);
        Assert.Contains("role:      council", output);
        Assert.Contains("key type:  Ed25519", output);
        Assert.Contains($"key id:    {NodeCertificateKeys.SignerKeyOf(certificate).KeyId}", output);
        // Shown in Tokyo time (UTC+9 all year) by default.
        Assert.Contains($"to {certificate.NotAfter.ToUniversalTime().AddHours(9):yyyy-MM-dd HH:mm:ss} +09:00 (valid now)", output);
        Assert.Contains($"issuer:    {certificate.Issuer}", output);
    }

    [Fact]
    public async Task Show_RootCertificate_SaysCaAndNoNodeId()
    {
        await InitRoot();

        var (exitCode, output, _) = await Run("pki", "show", Path.Combine(RootDirectory, FederationCa.CertificateFileName));

        Assert.Equal(0, exitCode);
        Assert.Contains("this is a CA certificate", output);
        Assert.Contains("key type:  ECDSA P-256", output);
    }

    [Fact]
    public async Task Show_PrivateKeyFile_RefusedWithoutPrintingIt()
    {
        await InitRoot();
        var keyPath = Path.Combine(RootDirectory, FederationCa.KeyFileName);

        var (exitCode, output, error) = await Run("pki", "show", keyPath);

        Assert.Equal(1, exitCode);
        Assert.Contains("private key", error);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Show_MissingFile_Error()
    {
        var (exitCode, _, error) = await Run("pki", "show", _directory.Combine("nothing.crt.pem"));

        Assert.Equal(1, exitCode);
        Assert.Contains("does not exist", error);
    }
}
