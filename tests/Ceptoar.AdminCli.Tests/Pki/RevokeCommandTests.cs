using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests.Pki;

/// <summary>`pki revoke` (docs/LIFECYCLE.md §3): each run writes the next version of the root-signed list next to the root; bad input changes nothing.</summary>
public sealed class RevokeCommandTests : IDisposable
{
    private const string KeyId = "bank-ceptoar/0123456789abcdef";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string RootDirectory => _directory.Combine("root");

    private string ListFile => Path.Combine(RootDirectory, "revocations.dsse");

    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliApp.RunAsync([.. args, "--lang", "en"], output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private async Task<string> InitRootAndNodeAsync()
    {
        Assert.Equal(0, (await Run("pki", "init-root", "--out", RootDirectory, "--no-passphrase")).ExitCode);
        var nodes = _directory.Combine("nodes");
        Assert.Equal(0, (await Run("pki", "issue-node", "--root", RootDirectory, "--id", "electricity-ceptoar", "--role", "secretariat", "--out", nodes)).ExitCode);
        return Path.Combine(nodes, "electricity-ceptoar", "tls.crt.pem");
    }

    private RevocationList ReadList()
    {
        using var root = FederationCa.Load(RootDirectory);
        var check = RevocationLists.Verify(Envelope.Parser.ParseFrom(File.ReadAllBytes(ListFile)), new TrustBundle([root.Certificate]), DateTimeOffset.UtcNow, TimeSpan.Zero);
        Assert.True(check.Valid, check.Problem);
        return check.List!;
    }

    [Fact]
    public async Task Revoke_ACertificateThenASigningKey_Version2HoldsBoth_SignedByTheRoot()
    {
        var certificate = await InitRootAndNodeAsync();
        var expectedThumbprint = Convert.ToHexStringLower(SHA256.HashData(X509Certificate2.CreateFromPem(File.ReadAllText(certificate)).RawData));

        var first = await Run("pki", "revoke", "--root-key", RootDirectory, "--certificate", certificate, "--reason", "host compromised");
        var second = await Run("pki", "revoke", "--root", RootDirectory, "--signing-key-id", KeyId, "--reason", "key copied", "--at", "2026-01-02T03:04:05Z");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains("Revocation list version 2 written to " + ListFile + " (2 entries).", second.Output, StringComparison.Ordinal);
        Assert.Contains("ceptoar-admin pki publish-revocations " + ListFile, second.Output, StringComparison.Ordinal);
        var list = ReadList();
        Assert.Equal(2UL, list.Version);
        Assert.Equal(expectedThumbprint, list.Entries[0].CertificateThumbprint);
        Assert.Equal("host compromised", list.Entries[0].Reason);
        Assert.Equal(KeyId, list.Entries[1].SigningKeyId);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), list.Entries[1].RevokedAt.ToDateTimeOffset());
    }

    [Theory]
    [InlineData("both-subjects")]
    [InlineData("no-subject")]
    [InlineData("at-in-the-future")]
    [InlineData("at-not-a-time")]
    [InlineData("reason-201")]
    [InlineData("key-id-malformed")]
    [InlineData("certificate-missing")]
    [InlineData("already-revoked")]
    [InlineData("list-of-another-root")]
    public async Task Revoke_BadInput_Exit1WithTheReason_ListUnchanged(string what)
    {
        var certificate = await InitRootAndNodeAsync();
        Assert.Equal(0, (await Run("pki", "revoke", "--root-key", RootDirectory, "--signing-key-id", KeyId, "--reason", "key copied")).ExitCode);
        var before = File.ReadAllBytes(ListFile);
        string[] args = what == "reason-201"
            ? ["pki", "revoke", "--root-key", RootDirectory]
            : ["pki", "revoke", "--root-key", RootDirectory, "--reason", "host compromised"];
        var (extra, expected) = what switch
        {
            "both-subjects" => (new[] { "--certificate", certificate, "--signing-key-id", "nisc/0123456789abcdef" }, "give exactly one of --certificate FILE and --signing-key-id ID"),
            "no-subject" => ([], "give exactly one of --certificate FILE and --signing-key-id ID"),
            "at-in-the-future" => (["--certificate", certificate, "--at", "2999-01-01T00:00:00Z"], "--at '2999-01-01T00:00:00Z' is in the future"),
            "at-not-a-time" => (["--certificate", certificate, "--at", "yesterday"], "--at 'yesterday' is not a time"),
            "reason-201" => (["--certificate", certificate, "--reason", new string('x', 201)], "reason must be 1 to 200 characters"),
            "key-id-malformed" => (["--signing-key-id", "bank-ceptoar/XYZ'; DROP TABLE items"], "is not a signing key id"),
            "certificate-missing" => (["--certificate", _directory.Combine("nope.pem")], "nope.pem"),
            "already-revoked" => (["--signing-key-id", KeyId], "signing key " + KeyId + " is already revoked in version 1"),
            "list-of-another-root" => (["--certificate", certificate, "--list", AnotherRootsList()], "is not a revocation list signed by this root"),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        var (exitCode, _, error) = await Run([.. args, .. extra]);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(ListFile));
    }

    private string AnotherRootsList()
    {
        using var other = FederationCa.CreateRoot("Other Root", TimeSpan.FromDays(30));
        var list = new RevocationList { Version = 1, IssuedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };
        var path = _directory.Combine("other.dsse");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(RevocationLists.Sign(other, list)));
        return path;
    }
}
