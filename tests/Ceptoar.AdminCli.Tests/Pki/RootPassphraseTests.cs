using System.Diagnostics;
using System.Formats.Asn1;
using System.Security.Cryptography;
using Ceptoar.Core.Pki;

namespace Ceptoar.AdminCli.Tests.Pki;

/// <summary>`pki init-root` encrypts the federation root's key with a passphrase unless told not to; `pki issue-node` opens it.</summary>
public sealed class RootPassphraseTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string RootDirectory => _directory.Combine("root");

    private string KeyPath => Path.Combine(RootDirectory, FederationCa.KeyFileName);

    [Fact]
    public async Task InitRoot_PassphraseFile_KeyIsPbes2Pbkdf2Sha256Aes256_OpensWithThatPassphraseOnly()
    {
        var (exitCode, output, error) = await RunAsync("pki", "init-root", "--out", RootDirectory, "--passphrase-file", PassphraseFile(Passphrase + "\n"));

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.Contains("encrypted with your passphrase", output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, PemTestFiles.Mode(KeyPath));
        var pem = File.ReadAllText(KeyPath);
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem);
        var (iterations, prf, cipher) = EncryptionOf(pem);
        Assert.True(iterations >= 600_000, $"{iterations} PBKDF2 iterations");
        Assert.Equal(("1.2.840.113549.2.9", "2.16.840.1.101.3.4.1.42"), (prf, cipher));
        using var key = ECDsa.Create();
        key.ImportFromEncryptedPem(pem, Passphrase);
        using var certificate = PemTestFiles.Certificate(Path.Combine(RootDirectory, FederationCa.CertificateFileName));
        Assert.Equal(certificate.PublicKey.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
        Assert.ThrowsAny<CryptographicException>(() => ECDsa.Create().ImportFromEncryptedPem(pem, Passphrase + "!"));
    }

    [Fact]
    public async Task IssueNode_EncryptedRootAndItsPassphraseFile_IssuesCertificatesTheRootVerifies()
    {
        await InitEncryptedRootAsync();
        var nodes = _directory.Combine("nodes");

        var (exitCode, _, error) = await RunAsync("pki", "issue-node", "--root", RootDirectory, "--id", "nisc", "--role", "nisc", "--out", nodes, "--passphrase-file", PassphraseFile(Passphrase));

        Assert.True(exitCode == ExitCodes.Ok, error);
        var trust = TrustBundle.Load([Path.Combine(RootDirectory, FederationCa.CertificateFileName)]);
        Assert.Equal("nisc", NodeCredentials.Load(new NodeKeyFiles(Path.Combine(nodes, "nisc")), "nisc", trust, DateTimeOffset.UtcNow).NodeId);
    }

    [Fact]
    public async Task IssueNode_WrongPassphrase_ExitOneNamingTheKeyFileAndWritesNothing()
    {
        await InitEncryptedRootAsync();
        var nodes = _directory.Combine("nodes");

        var (exitCode, output, error) = await RunAsync("pki", "issue-node", "--root", RootDirectory, "--id", "nisc", "--role", "nisc", "--out", nodes, "--passphrase-file", PassphraseFile("incorrect horse battery staple"));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith($"error: {KeyPath} cannot be decrypted with the passphrase given: check the passphrase", error);
        Assert.Equal(string.Empty, output);
        Assert.False(Directory.Exists(nodes));
    }

    [Fact]
    public async Task InitRoot_BothPassphraseOptions_ExitOneWritesNothing()
    {
        var (exitCode, _, error) = await RunAsync("pki", "init-root", "--out", RootDirectory, "--passphrase-file", PassphraseFile(Passphrase), "--no-passphrase");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("give either --passphrase-file or --no-passphrase, not both", error);
        Assert.False(Directory.Exists(RootDirectory));
    }

    [Theory]
    [InlineData("too short\n", "the passphrase has 9 characters: use at least 12")]
    [InlineData("\nthe second line is not read", "has no passphrase on its first line: write the passphrase there")]
    public async Task InitRoot_PassphraseFileUnfit_ExitOneSayingWhatToDoWritesNothing(string content, string message)
    {
        var (exitCode, _, error) = await RunAsync("pki", "init-root", "--out", RootDirectory, "--passphrase-file", PassphraseFile(content));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(message, error);
        Assert.False(Directory.Exists(RootDirectory));
    }

    [Fact]
    public async Task InitRoot_NoPassphrase_PlainPkcs8KeyAndSaysItIsNotEncrypted()
    {
        var (exitCode, output, error) = await RunAsync("pki", "init-root", "--out", RootDirectory, "--no-passphrase");

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(KeyPath));
        Assert.Contains("NOT encrypted", output);
    }

    [Fact]
    public async Task Sample_RootKey_StaysUnencrypted()
    {
        var sample = _directory.Combine("sample");

        var (exitCode, _, error) = await RunAsync("pki", "sample", "--out", sample);

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(Path.Combine(sample, FederationCa.KeyFileName)));
    }

    [Fact]
    public async Task InitRoot_ProcessWithoutTerminalAndWithoutPassphraseOption_ExitOneSayingWhatToDo()
    {
        var (exitCode, output, error) = await RunProcessAsync("pki", "init-root", "--out", RootDirectory);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("there is no terminal to ask for it: give --passphrase-file FILE", error);
        Assert.Contains("--no-passphrase", error);
        Assert.Equal(string.Empty, output);
        Assert.False(Directory.Exists(RootDirectory));
    }

    [Fact]
    public async Task IssueNode_ProcessWithEncryptedRootWithoutTerminalAndWithoutPassphraseFile_ExitOneSayingWhatToDo()
    {
        await InitEncryptedRootAsync();
        var nodes = _directory.Combine("nodes");

        var (exitCode, _, error) = await RunProcessAsync("pki", "issue-node", "--root", RootDirectory, "--id", "nisc", "--role", "nisc", "--out", nodes);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains($"{KeyPath} is encrypted with a passphrase, and there is no terminal to ask for it: give --passphrase-file FILE", error);
        Assert.False(Directory.Exists(nodes));
    }

    private async Task InitEncryptedRootAsync()
    {
        var (exitCode, _, error) = await RunAsync("pki", "init-root", "--out", RootDirectory, "--passphrase-file", PassphraseFile(Passphrase));
        Assert.True(exitCode == ExitCodes.Ok, error);
    }

    private string PassphraseFile(string content)
    {
        var path = _directory.Combine($"passphrase-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The PBKDF2 iteration count, PRF and cipher of an encrypted PKCS#8 key, read from its ASN.1 (RFC 8018).</summary>
    private static (int Iterations, string Prf, string Cipher) EncryptionOf(string pem)
    {
        var fields = PemEncoding.Find(pem);
        var info = new AsnReader(Convert.FromBase64String(pem[fields.Base64Data]), AsnEncodingRules.DER).ReadSequence();
        var algorithm = info.ReadSequence();
        Assert.Equal("1.2.840.113549.1.5.13", algorithm.ReadObjectIdentifier()); // PBES2
        var pbes2 = algorithm.ReadSequence();
        var kdf = pbes2.ReadSequence();
        Assert.Equal("1.2.840.113549.1.5.12", kdf.ReadObjectIdentifier()); // PBKDF2
        var parameters = kdf.ReadSequence();
        parameters.ReadOctetString();
        var iterations = (int)parameters.ReadInteger();
        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            parameters.ReadInteger();
        }

        // Absent, the PRF is HMAC-SHA1 (RFC 8018's default).
        var prf = parameters.HasData ? parameters.ReadSequence().ReadObjectIdentifier() : "1.2.840.113549.2.7";
        var cipher = pbes2.ReadSequence().ReadObjectIdentifier();
        return (iterations, prf, cipher);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs ceptoar-admin as its own process with standard input a closed pipe: no terminal, as under a script.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, await error);
    }
}
