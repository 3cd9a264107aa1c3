using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Tests.Descriptors;

/// <summary>Retired signing keys in a descriptor: checked at their own issue time, bound to the same node.</summary>
public sealed class NodeDescriptorsRetiredKeyTests : IDisposable
{
    private readonly DescriptorFixture _fixture = new();
    private readonly NodeCredentials _bank;
    private readonly DateTimeOffset _retiredAt;

    public NodeDescriptorsRetiredKeyTests()
    {
        _bank = _fixture.Issue(DescriptorFixture.Bank, validity: TimeSpan.FromDays(730));
        _retiredAt = _fixture.Now.AddHours(1);
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Verify_RetiredKeyWhoseCertificateHasSinceExpired_ReturnedWithRetiredAt()
    {
        var old = _fixture.IssueFiles(DescriptorFixture.Bank, _fixture.CouncilRoot, TimeSpan.FromDays(1));
        var envelope = Signed(File.ReadAllText(old.SigningCertificate), validFor: TimeSpan.FromDays(60));
        var later = _fixture.Now.AddDays(30);

        var check = _fixture.Verify(envelope, now: later);

        Assert.True(check.Valid, check.Problem);
        var retired = Assert.Single(check.RetiredSigners);
        using var oldCertificate = X509PemOf(old.SigningCertificate);
        Assert.True(later > oldCertificate.NotAfter.ToUniversalTime());
        Assert.Equal(NodeCertificateKeys.SignerKeyOf(oldCertificate).KeyId, retired.KeyId);
        Assert.Equal(DescriptorFixture.Bank, retired.NodeId);
        Assert.Equal(_retiredAt, retired.RetiredAt);
        Assert.Null(retired.RevokedAt);
    }

    [Fact]
    public void Verify_RetiredKey_OldItemsVerifyAndNewOnesAreRefused()
    {
        var old = _fixture.IssueFiles(DescriptorFixture.Bank, _fixture.CouncilRoot, TimeSpan.FromDays(1));
        var oldCredentials = NodeCredentials.Load(old, DescriptorFixture.Bank, _fixture.Trust, _fixture.Now);
        var check = _fixture.Verify(Signed(File.ReadAllText(old.SigningCertificate)));
        Assert.True(check.Valid, check.Problem);
        var resolver = new InMemorySignerKeyResolver([check.Signer!, .. check.RetiredSigners]);
        var verifier = new EnvelopeVerifier(resolver, new HashSet<string> { PayloadTypes.Item }, 64 * 1024);

        var before = ItemEnvelope.Open(verifier, ItemEnvelope.Sign(oldCredentials.CreateEnvelopeSigner(), ItemCreated(_retiredAt.AddMinutes(-1)))).Result;
        var after = ItemEnvelope.Open(verifier, ItemEnvelope.Sign(oldCredentials.CreateEnvelopeSigner(), ItemCreated(_retiredAt.AddMinutes(1)))).Result;

        Assert.True(before.IsValid, before.Reason);
        Assert.Equal(EnvelopeFailure.KeyRetired, after.Failure);
    }

    [Fact]
    public void Verify_RetiredKeyOfAnotherNode_Fails()
    {
        var council = _fixture.IssueFiles(DescriptorFixture.Council, _fixture.CouncilRoot, TimeSpan.FromDays(30));

        var check = _fixture.Verify(Signed(File.ReadAllText(council.SigningCertificate)));

        Assert.False(check.Valid);
        Assert.Contains("retired signing key 1 belongs to node 'council', not to 'bank-ceptoar'", check.Problem);
        Assert.Empty(check.RetiredSigners);
    }

    [Fact]
    public void Verify_RetiredKeyFromUnknownRoot_Fails()
    {
        var stranger = _fixture.IssueFiles(DescriptorFixture.Bank, _fixture.NiscRoot, TimeSpan.FromDays(30));

        var check = _fixture.Verify(Signed(File.ReadAllText(stranger.SigningCertificate)));

        Assert.Contains("retired signing key 1 of node 'bank-ceptoar' is not trusted", check.Problem);
    }

    [Fact]
    public void Verify_CurrentKeyListedAsRetired_Fails()
    {
        var check = _fixture.Verify(Signed(PemFiles.CertificatePem(_bank.SigningCertificate.RawData)));

        Assert.Contains("is its current key or is listed twice", check.Problem);
    }

    [Fact]
    public void Verify_RetiredEncryptionCertificate_FailsNotEd25519()
    {
        var old = _fixture.IssueFiles(DescriptorFixture.Bank, _fixture.CouncilRoot, TimeSpan.FromDays(30));

        var check = _fixture.Verify(Signed(File.ReadAllText(old.EncryptionCertificate)));

        Assert.Contains("holds a X25519 key, not Ed25519", check.Problem);
    }

    [Fact]
    public void Verify_RetiredKeyWithoutRetiredAt_Fails()
    {
        var old = _fixture.IssueFiles(DescriptorFixture.Bank, _fixture.CouncilRoot, TimeSpan.FromDays(30));
        var descriptor = _fixture.Completed(_bank);
        descriptor.RetiredSigningKeys.Add(new RetiredKey { SigningCertificatePem = File.ReadAllText(old.SigningCertificate) });

        var check = _fixture.Verify(DescriptorFixture.SignRaw(_bank, descriptor));

        Assert.Contains("has no valid retired_at", check.Problem);
    }

    [Fact]
    public void Verify_TooManyRetiredKeys_Fails()
    {
        var old = File.ReadAllText(_fixture.IssueFiles(DescriptorFixture.Bank, _fixture.CouncilRoot, TimeSpan.FromDays(30)).SigningCertificate);
        var descriptor = _fixture.Completed(_bank);
        for (var i = 0; i <= NodeDescriptors.MaxRetiredSigningKeys; i++)
        {
            descriptor.RetiredSigningKeys.Add(new RetiredKey { SigningCertificatePem = old, RetiredAt = Timestamp.FromDateTimeOffset(_retiredAt) });
        }

        var check = _fixture.Verify(DescriptorFixture.SignRaw(_bank, descriptor));

        Assert.Contains($"more than the {NodeDescriptors.MaxRetiredSigningKeys} allowed", check.Problem);
    }

    private Envelope Signed(string retiredCertificatePem, TimeSpan? validFor = null) =>
        _fixture.Signed(_bank, descriptor =>
        {
            descriptor.ValidUntil = Timestamp.FromDateTimeOffset(_fixture.Now + (validFor ?? TimeSpan.FromDays(7)));
            descriptor.RetiredSigningKeys.Add(new RetiredKey { SigningCertificatePem = retiredCertificatePem, RetiredAt = Timestamp.FromDateTimeOffset(_retiredAt) });
        });

    private Item ItemCreated(DateTimeOffset createdAt) => new()
    {
        Id = "01974f2e-8c00-7abc-8def-0123456789ab",
        OriginNode = DescriptorFixture.Bank,
        CreatedAt = Timestamp.FromDateTimeOffset(createdAt),
        ExpiresAt = Timestamp.FromDateTimeOffset(_fixture.Now.AddDays(30)),
        Tlp = Tlp.Green,
        Kind = ItemKind.EarlyWarning,
    };

    private static X509Certificate2 X509PemOf(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));
}
