using System.Text;
using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Tests.Descriptors;

public sealed class NodeDescriptorsVerifyTests : IDisposable
{
    private readonly DescriptorFixture _fixture = new();
    private readonly NodeCredentials _bank;

    public NodeDescriptorsVerifyTests()
    {
        _bank = _fixture.Issue(DescriptorFixture.Bank);
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Verify_SignedDescriptor_ValidWithTheKeysOfItsCertificates()
    {
        var check = _fixture.Verify(_fixture.Signed(_bank));

        Assert.True(check.Valid, check.Problem);
        Assert.Equal(DescriptorFixture.Bank, check.Descriptor!.NodeId);
        Assert.Equal("Bank CEPTOAR", check.Descriptor.NameEn);
        Assert.Equal(_bank.CreateEnvelopeSigner().KeyId, check.Signer!.KeyId);
        Assert.Equal(_bank.SigningKey.PublicKey, check.Signer.PublicKey);
        Assert.Equal(NodeCertificateKeys.X25519PublicKeyOf(_bank.EncryptionCertificate), check.EncryptionPublicKey);
        Assert.Equal(_bank.TlsCertificate.RawData, check.TlsCertificate!.RawData);
        Assert.False(check.TlsCertificate.HasPrivateKey);
        Assert.Equal(DescriptorFixture.Bank, check.Recipient!.NodeId);
        Assert.Empty(check.RetiredSigners);
    }

    [Fact]
    public void Verify_RelayedUnchangedAsBytesByAHub_StillValid()
    {
        var original = _fixture.Signed(_bank);

        var relayed = Envelope.Parser.ParseFrom(original.ToByteArray());
        var check = _fixture.Verify(relayed);

        Assert.True(check.Valid, check.Problem);
        Assert.Equal(original.Payload, relayed.Payload);
    }

    [Fact]
    public void Verify_ByteOfPayloadFlipped_FailsSignature()
    {
        var envelope = _fixture.Signed(_bank);
        var payload = envelope.Payload.ToByteArray();
        var at = payload.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Bank CEPTOAR"));
        Assert.True(at >= 0);
        payload[at] ^= 0x01;
        envelope.Payload = ByteString.CopyFrom(payload);

        var check = _fixture.Verify(envelope);

        Assert.False(check.Valid);
        Assert.Contains("does not verify with its signing certificate", check.Problem);
        Assert.Null(check.Descriptor);
    }

    [Fact]
    public void Verify_EndpointChangedAndReserialised_FailsSignature()
    {
        var envelope = _fixture.Signed(_bank);
        var descriptor = NodeDescriptor.Parser.ParseFrom(envelope.Payload);
        descriptor.Endpoints[0] = "https://203.0.113.66:7301";
        envelope.Payload = descriptor.ToByteString();

        Assert.Contains("does not verify with its signing certificate", _fixture.Verify(envelope).Problem);
    }

    [Fact]
    public void Verify_NodeAClaimsNodeIdB_Fails()
    {
        var descriptor = _fixture.Completed(_bank);
        descriptor.NodeId = DescriptorFixture.Council;

        var check = _fixture.Verify(DescriptorFixture.SignRaw(_bank, descriptor));

        Assert.False(check.Valid);
        Assert.Contains("claims node id 'council' but is signed with the key of node 'bank-ceptoar'", check.Problem);
    }

    [Fact]
    public void Verify_NodeASignsBsDescriptorWithBsCertificates_FailsSignature()
    {
        var council = _fixture.Issue(DescriptorFixture.Council);
        var descriptor = _fixture.Completed(council);

        var check = _fixture.Verify(DescriptorFixture.SignRaw(_bank, descriptor));

        Assert.False(check.Valid);
        Assert.Contains("is not signed by the key of the signing certificate it carries", check.Problem);
    }

    [Fact]
    public void Verify_SignatureKeyIdNotTheCertificatesKey_Fails()
    {
        var envelope = _fixture.Signed(_bank);
        envelope.Signatures[0].KeyId = "bank-ceptoar/0000000000000000";

        var check = _fixture.Verify(envelope);

        Assert.Contains("is not signed by the key of the signing certificate it carries", check.Problem);
    }

    [Fact]
    public void Verify_CertificatesFromUnknownRoot_Fails()
    {
        var stranger = _fixture.Issue(DescriptorFixture.Bank, _fixture.NiscRoot);

        var check = _fixture.Verify(_fixture.Signed(stranger));

        Assert.False(check.Valid);
        Assert.Contains("signing certificate is not trusted", check.Problem);
        Assert.Contains("does not chain to a trusted root", check.Problem);
    }

    [Fact]
    public void Verify_TrustBundleWithTwoRoots_AcceptsNodesOfBoth()
    {
        var council = _fixture.Issue(DescriptorFixture.Council, _fixture.NiscRoot);
        var both = new TrustBundle([_fixture.CouncilRoot.Certificate, _fixture.NiscRoot.Certificate]);

        var bankCheck = _fixture.Verify(_fixture.Signed(_bank), both);
        var councilCheck = _fixture.Verify(_fixture.Signed(council), both);

        Assert.True(bankCheck.Valid, bankCheck.Problem);
        Assert.True(councilCheck.Valid, councilCheck.Problem);
        Assert.False(_fixture.Verify(_fixture.Signed(council)).Valid);
    }

    [Fact]
    public void Verify_ValidUntilPassed_Fails()
    {
        var envelope = _fixture.Signed(_bank, descriptor => descriptor.ValidUntil = Timestamp.FromDateTimeOffset(_fixture.Now.AddMinutes(1)));

        Assert.True(_fixture.Verify(envelope).Valid);
        var check = _fixture.Verify(envelope, now: _fixture.Now.AddMinutes(2));

        Assert.False(check.Valid);
        Assert.Contains("expired at", check.Problem);
    }

    /// <summary>Dated ahead, it would stay its node's newest descriptor and no later one could replace it.</summary>
    [Theory]
    [InlineData(301)]
    [InlineData(2 * 86_400)]
    [InlineData(3650 * 86_400)]
    public void Verify_IssuedBeyondTheClockSkew_FailsNamingTheSetting(int secondsAhead)
    {
        var issued = _fixture.Now.AddSeconds(secondsAhead);
        var envelope = _fixture.Signed(_bank, descriptor =>
        {
            descriptor.IssuedAt = Timestamp.FromDateTimeOffset(issued);
            descriptor.ValidUntil = Timestamp.FromDateTimeOffset(issued.AddDays(7));
        });

        var check = _fixture.Verify(envelope);

        Assert.False(check.Valid);
        Assert.Contains($"the descriptor of node '{DescriptorFixture.Bank}' is dated", check.Problem);
        Assert.Contains("ahead of this node's clock, beyond the 300 s tolerated (Federation:MaxClockSkewSeconds)", check.Problem);
    }

    [Fact]
    public void Verify_IssuedJustWithinTheClockSkew_Valid()
    {
        var envelope = _fixture.Signed(_bank, descriptor => descriptor.IssuedAt = Timestamp.FromDateTimeOffset(_fixture.Now.AddSeconds(300)));

        var check = _fixture.Verify(envelope);

        Assert.True(check.Valid, check.Problem);
    }

    [Theory]
    [InlineData(365, true)]
    [InlineData(366, false)]
    [InlineData(200 * 365, false)]
    public void Verify_ValidityUpTo365Days_ValidLongerFails(int days, bool valid)
    {
        var envelope = _fixture.Signed(_bank, descriptor => descriptor.ValidUntil = Timestamp.FromDateTimeOffset(_fixture.Now.AddDays(days)));

        var check = _fixture.Verify(envelope);

        Assert.Equal(valid, check.Valid);
        Assert.True(valid || check.Problem.Contains("longer than the 365 days a node may sign one for", StringComparison.Ordinal), check.Problem);
    }

    [Fact]
    public void Verify_NodeCertificatesExpiredButDescriptorNot_Fails()
    {
        var shortLived = _fixture.Issue(DescriptorFixture.Bank, validity: TimeSpan.FromDays(2));
        var envelope = _fixture.Signed(shortLived, descriptor => descriptor.ValidUntil = Timestamp.FromDateTimeOffset(_fixture.Now.AddDays(30)));

        var check = _fixture.Verify(envelope, now: _fixture.Now.AddDays(3));

        Assert.False(check.Valid);
        Assert.Contains("expired on", check.Problem);
    }

    [Theory]
    [InlineData("encryption")]
    [InlineData("TLS")]
    public void Verify_CertificateOfAnotherNode_Fails(string which)
    {
        var council = _fixture.Completed(_fixture.Issue(DescriptorFixture.Council));
        var envelope = _fixture.Signed(_bank, descriptor =>
        {
            if (which == "TLS")
            {
                descriptor.TlsCertificatePem = council.TlsCertificatePem;
            }
            else
            {
                descriptor.EncryptionCertificatePem = council.EncryptionCertificatePem;
            }
        });

        var check = _fixture.Verify(envelope);

        Assert.False(check.Valid);
        Assert.Contains($"the {which} certificate in the descriptor of node 'bank-ceptoar' belongs to node 'council'", check.Problem);
        Assert.Null(check.TlsCertificate);
    }

    [Fact]
    public void Verify_EncryptionCertificateFromUnknownRoot_Fails()
    {
        var stranger = _fixture.IssueFiles(DescriptorFixture.Bank, _fixture.NiscRoot, TimeSpan.FromDays(30));
        var envelope = _fixture.Signed(_bank, descriptor => descriptor.EncryptionCertificatePem = File.ReadAllText(stranger.EncryptionCertificate));

        var check = _fixture.Verify(envelope);

        Assert.Contains("the encryption certificate in the descriptor of node 'bank-ceptoar' is not trusted", check.Problem);
    }

    [Theory]
    [InlineData("signing is TLS", "holds a ECDSA P-256 key, not an Ed25519 signing key")]
    [InlineData("encryption is signing", "holds a Ed25519 key, not X25519")]
    [InlineData("TLS is encryption", "holds a X25519 key, not ECDSA P-256")]
    public void Verify_CertificatesSwapped_FailsNamingTheKeyType(string swap, string expected)
    {
        var descriptor = _fixture.Completed(_bank);
        switch (swap)
        {
            case "signing is TLS": descriptor.SigningCertificatePem = descriptor.TlsCertificatePem; break;
            case "encryption is signing": descriptor.EncryptionCertificatePem = descriptor.SigningCertificatePem; break;
            default: descriptor.TlsCertificatePem = descriptor.EncryptionCertificatePem; break;
        }

        var check = _fixture.Verify(DescriptorFixture.SignRaw(_bank, descriptor));

        Assert.False(check.Valid);
        Assert.Contains(expected, check.Problem);
    }

    [Theory]
    [InlineData("no role", "has no known role")]
    [InlineData("unknown role", "has no known role")]
    [InlineData("no valid_until", "lacks a valid issued_at or valid_until")]
    [InlineData("no issued_at", "lacks a valid issued_at or valid_until")]
    [InlineData("valid_until before issued_at", "before it was issued")]
    [InlineData("no encryption certificate", "has no encryption certificate")]
    [InlineData("no signing certificate", "has no signing certificate")]
    [InlineData("garbage TLS certificate", "TLS certificate is not a PEM certificate")]
    public void Verify_IncompleteDescriptorSignedAnyway_Fails(string defect, string expected)
    {
        var descriptor = _fixture.Completed(_bank);
        switch (defect)
        {
            case "no role": descriptor.Role = NodeRole.Unspecified; break;
            case "unknown role": descriptor.Role = (NodeRole)99; break;
            case "no valid_until": descriptor.ValidUntil = null; break;
            case "no issued_at": descriptor.IssuedAt = null; break;
            case "valid_until before issued_at": descriptor.IssuedAt = Timestamp.FromDateTimeOffset(_fixture.Now.AddDays(8)); break;
            case "no encryption certificate": descriptor.EncryptionCertificatePem = string.Empty; break;
            case "no signing certificate": descriptor.SigningCertificatePem = string.Empty; break;
            default: descriptor.TlsCertificatePem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"; break;
        }

        var check = _fixture.Verify(DescriptorFixture.SignRaw(_bank, descriptor));

        Assert.False(check.Valid);
        Assert.Contains(expected, check.Problem);
    }

    [Fact]
    public void Verify_ItemPayloadType_FailsBeforeParsing()
    {
        var envelope = _bank.CreateEnvelopeSigner().Sign(PayloadTypes.Item, _fixture.Signed(_bank).Payload);

        var check = _fixture.Verify(envelope);

        Assert.Contains("not a node descriptor", check.Problem);
    }

    [Fact]
    public void Verify_OverSizeLimit_FailsBeforeParsing()
    {
        var descriptor = _fixture.Completed(_bank);
        descriptor.ContactMeans.Add(new string('x', NodeDescriptors.MaxDescriptorBytes));

        var check = _fixture.Verify(DescriptorFixture.SignRaw(_bank, descriptor));

        Assert.Contains($"over the {NodeDescriptors.MaxDescriptorBytes}-byte limit", check.Problem);
    }

    [Fact]
    public void Verify_PayloadNotADescriptor_Fails()
    {
        var envelope = _bank.CreateEnvelopeSigner().Sign(PayloadTypes.Descriptor, ByteString.CopyFrom(0xFF, 0xFF));

        Assert.Contains("not a node descriptor", _fixture.Verify(envelope).Problem);
    }

    [Fact]
    public void Verify_NoSignature_Fails()
    {
        var envelope = _fixture.Signed(_bank);
        envelope.Signatures.Clear();

        var check = _fixture.Verify(envelope);

        Assert.False(check.Valid);
        Assert.Contains("no signature", check.Problem);
    }
}
