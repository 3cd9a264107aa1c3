using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Tests.Descriptors;

public sealed class NodeDescriptorsSignTests : IDisposable
{
    private readonly DescriptorFixture _fixture = new();
    private readonly NodeCredentials _bank;

    public NodeDescriptorsSignTests()
    {
        _bank = _fixture.Issue(DescriptorFixture.Bank);
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Sign_BareDescriptor_FillsIdCertificatesAndIssuedAtOnACopy()
    {
        var descriptor = DescriptorFixture.NewDescriptor(_fixture.Now.AddDays(7));
        var untouched = descriptor.Clone();

        var envelope = NodeDescriptors.Sign(_bank, descriptor, _fixture.Now);

        Assert.Equal(untouched, descriptor);
        Assert.Equal(PayloadTypes.Descriptor, envelope.PayloadType);
        Assert.Equal(_bank.CreateEnvelopeSigner().KeyId, Assert.Single(envelope.Signatures).KeyId);
        var signed = NodeDescriptor.Parser.ParseFrom(envelope.Payload);
        Assert.Equal(DescriptorFixture.Bank, signed.NodeId);
        Assert.Equal(Timestamp.FromDateTimeOffset(_fixture.Now), signed.IssuedAt);
        Assert.Equal(_bank.SigningCertificate.RawData, X509PemRaw(signed.SigningCertificatePem));
        Assert.Equal(_bank.EncryptionCertificate.RawData, X509PemRaw(signed.EncryptionCertificatePem));
        Assert.Equal(_bank.TlsCertificate.RawData, X509PemRaw(signed.TlsCertificatePem));
        Assert.DoesNotContain("PRIVATE KEY", signed.ToString());
    }

    [Fact]
    public void Sign_IssuedAtAlreadySet_Kept()
    {
        var issuedAt = Timestamp.FromDateTimeOffset(_fixture.Now.AddHours(-3));
        var descriptor = DescriptorFixture.NewDescriptor(_fixture.Now.AddDays(7));
        descriptor.IssuedAt = issuedAt;

        var signed = NodeDescriptor.Parser.ParseFrom(NodeDescriptors.Sign(_bank, descriptor).Payload);

        Assert.Equal(issuedAt, signed.IssuedAt);
    }

    [Fact]
    public void Sign_NoClockGiven_IssuedAtIsNow()
    {
        var before = DateTimeOffset.UtcNow;

        var signed = NodeDescriptor.Parser.ParseFrom(NodeDescriptors.Sign(_bank, DescriptorFixture.NewDescriptor(before.AddDays(7))).Payload);

        Assert.InRange(signed.IssuedAt.ToDateTimeOffset(), before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public void Sign_DescriptorOfAnotherNode_Throws()
    {
        var descriptor = DescriptorFixture.NewDescriptor(_fixture.Now.AddDays(7));
        descriptor.NodeId = DescriptorFixture.Council;

        var error = Assert.Throws<ArgumentException>(() => NodeDescriptors.Sign(_bank, descriptor));

        Assert.Contains("a node signs only its own descriptor", error.Message);
    }

    [Fact]
    public void Sign_ForeignSigningCertificate_Throws()
    {
        var council = _fixture.Completed(_fixture.Issue(DescriptorFixture.Council));
        var descriptor = DescriptorFixture.NewDescriptor(_fixture.Now.AddDays(7));
        descriptor.SigningCertificatePem = council.SigningCertificatePem;

        var error = Assert.Throws<ArgumentException>(() => NodeDescriptors.Sign(_bank, descriptor));

        Assert.Contains("signing certificate other than this node's", error.Message);
    }

    [Fact]
    public void Sign_OwnSigningCertificateGiven_Accepted()
    {
        var descriptor = DescriptorFixture.NewDescriptor(_fixture.Now.AddDays(7));
        descriptor.SigningCertificatePem = PemFiles.CertificatePem(_bank.SigningCertificate.RawData);

        Assert.True(_fixture.Verify(NodeDescriptors.Sign(_bank, descriptor, _fixture.Now)).Valid);
    }

    [Fact]
    public void Sign_NoRole_Throws()
    {
        var descriptor = DescriptorFixture.NewDescriptor(_fixture.Now.AddDays(7));
        descriptor.Role = NodeRole.Unspecified;

        Assert.Contains("has no role", Assert.Throws<ArgumentException>(() => NodeDescriptors.Sign(_bank, descriptor)).Message);
    }

    [Fact]
    public void Sign_ValidUntilNotAfterIssuedAt_Throws()
    {
        var descriptor = DescriptorFixture.NewDescriptor(_fixture.Now);

        Assert.Contains("valid_until after its issued_at", Assert.Throws<ArgumentException>(() => NodeDescriptors.Sign(_bank, descriptor, _fixture.Now)).Message);
    }

    [Fact]
    public void Sign_OverSizeLimit_Throws()
    {
        var descriptor = DescriptorFixture.NewDescriptor(_fixture.Now.AddDays(7));
        descriptor.ContactMeans.Add(new string('x', NodeDescriptors.MaxDescriptorBytes));

        Assert.Contains("peers refuse descriptor envelopes over", Assert.Throws<ArgumentException>(() => NodeDescriptors.Sign(_bank, descriptor)).Message);
    }

    private static byte[] X509PemRaw(string pem)
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        return certificate.RawData;
    }
}
