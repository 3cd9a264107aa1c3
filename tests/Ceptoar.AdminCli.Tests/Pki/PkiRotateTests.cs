using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Pki;

namespace Ceptoar.AdminCli.Tests.Pki;

/// <summary>`pki rotate-signing|rotate-tls|rotate-encryption` on real files: the new key, the kept old one, and hostile input.</summary>
public sealed class PkiRotateTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string RootDirectory => _directory.Combine("root");

    private string NodeDirectory => _directory.Combine("nodes", "council");

    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private async Task IssueCouncil()
    {
        Assert.Equal(0, (await Run("pki", "init-root", "--out", RootDirectory, "--no-passphrase")).ExitCode);
        var issued = await Run("pki", "issue-node", "--root", RootDirectory, "--id", "council", "--role", "council", "--out", _directory.Combine("nodes"), "--dns", "council.example.jp");
        Assert.True(issued.ExitCode == 0, issued.Error);
    }

    [Theory]
    [InlineData("rotate-signing", "signing")]
    [InlineData("rotate-tls", "tls")]
    [InlineData("rotate-encryption", "encryption")]
    public async Task Rotate_IssuedNode_NewKeySameNodeAndRoleOldKeptInRetired(string command, string kind)
    {
        await IssueCouncil();
        var before = File.ReadAllText(Path.Combine(NodeDirectory, $"{kind}.crt.pem"));
        var beforeKey = File.ReadAllText(Path.Combine(NodeDirectory, $"{kind}.key.pem"));

        var (exitCode, output, error) = await Run("pki", command, "--root", RootDirectory, "--node-dir", NodeDirectory);

        Assert.True(exitCode == 0, error);
        var after = File.ReadAllText(Path.Combine(NodeDirectory, $"{kind}.crt.pem"));
        Assert.NotEqual(before, after);
        using var certificate = X509Certificate2.CreateFromPem(after);
        var sans = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal("council", NodeUri.NodeIdOf(certificate));
        Assert.Equal(Federation.V1.NodeRole.Council, NodeRoles.CertifiedBy(certificate).Role);
        if (kind == "tls")
        {
            Assert.Contains("council.example.jp", sans.EnumerateDnsNames());
        }

        var retired = Directory.GetFiles(Path.Combine(NodeDirectory, "retired"));
        Assert.Equal(before, File.ReadAllText(Assert.Single(retired, f => f.EndsWith(".crt.pem", StringComparison.Ordinal) && Path.GetFileName(f).StartsWith(kind + "-", StringComparison.Ordinal))));
        Assert.Equal(beforeKey, File.ReadAllText(Assert.Single(retired, f => f.EndsWith(".key.pem", StringComparison.Ordinal))));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, PemTestFiles.Mode(Assert.Single(retired, f => f.EndsWith(".key.pem", StringComparison.Ordinal))));
        Assert.Contains("Restart the node", output);

        // The node loads the new key with the old one retired.
        var credentials = NodeCredentials.Load(new NodeKeyFiles(NodeDirectory), "council", new TrustBundle([X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(RootDirectory, "root.crt.pem")))]), DateTimeOffset.UtcNow);
        Assert.Equal(kind == "signing" ? 1 : 0, credentials.RetiredSigningCertificates.Count);
        Assert.Equal(kind == "encryption" ? 1 : 0, credentials.RetiredEncryptionKeys.Count);
    }

    [Fact]
    public async Task Rotate_TwiceWithinAMinute_SecondRefusedNamingForce_FilesUnchanged()
    {
        await IssueCouncil();
        Assert.Equal(0, (await Run("pki", "rotate-signing", "--root", RootDirectory, "--node-dir", NodeDirectory)).ExitCode);
        var current = File.ReadAllText(Path.Combine(NodeDirectory, "signing.crt.pem"));

        var (exitCode, _, error) = await Run("pki", "rotate-signing", "--root", RootDirectory, "--node-dir", NodeDirectory);

        Assert.Equal(1, exitCode);
        Assert.Contains("less than a minute ago", error);
        Assert.Contains("--force", error);
        Assert.Equal(current, File.ReadAllText(Path.Combine(NodeDirectory, "signing.crt.pem")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(NodeDirectory, "retired")).Length);
    }

    [Fact]
    public async Task Rotate_WrongNodeDir_ErrorNamesCertificatesDir()
    {
        await IssueCouncil();

        var (exitCode, _, error) = await Run("pki", "rotate-tls", "--root", RootDirectory, "--node-dir", RootDirectory);

        Assert.Equal(1, exitCode);
        Assert.Contains("--node-dir", error);
        Assert.Contains("Node:CertificatesDir", error);
        Assert.False(Directory.Exists(Path.Combine(RootDirectory, "retired")));
    }

    [Fact]
    public async Task Rotate_NoRootKey_ErrorPointsToInitRoot_NodeFilesUnchanged()
    {
        await IssueCouncil();
        File.Delete(Path.Combine(RootDirectory, "root.key.pem"));
        var before = File.ReadAllText(Path.Combine(NodeDirectory, "encryption.crt.pem"));

        var (exitCode, _, error) = await Run("pki", "rotate-encryption", "--root", RootDirectory, "--node-dir", NodeDirectory);

        Assert.Equal(1, exitCode);
        Assert.Contains("root.key.pem", error);
        Assert.Equal(before, File.ReadAllText(Path.Combine(NodeDirectory, "encryption.crt.pem")));
        Assert.False(Directory.Exists(Path.Combine(NodeDirectory, "retired")));
    }

    [Fact]
    public async Task Rotate_AnotherFederationsRoot_RefusedNamingRoot_NodeFilesUnchanged()
    {
        await IssueCouncil();
        var otherRoot = _directory.Combine("other-root");
        Assert.Equal(0, (await Run("pki", "init-root", "--out", otherRoot, "--no-passphrase")).ExitCode);
        var before = File.ReadAllText(Path.Combine(NodeDirectory, "signing.crt.pem"));

        var (exitCode, _, error) = await Run("pki", "rotate-signing", "--root", otherRoot, "--node-dir", NodeDirectory);

        Assert.Equal(1, exitCode);
        Assert.Contains("--root", error);
        Assert.Equal(before, File.ReadAllText(Path.Combine(NodeDirectory, "signing.crt.pem")));
    }

    [Fact]
    public async Task Rotate_Japanese_ErrorInJapanese()
    {
        await IssueCouncil();

        var (exitCode, _, error) = await Run("--lang", "ja", "pki", "rotate-signing", "--root", RootDirectory, "--node-dir", _directory.Combine("nowhere"));

        Assert.Equal(1, exitCode);
        Assert.Contains("ノードの証明書ディレクトリ", error);
    }
}
