using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Receipts;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Tests.Golden;

/// <summary>
/// What this version wrote (Golden/v1, made with the SAMPLE keys of certs-sample/) every later version must still read
/// and verify (docs/OPERATIONS.md §6): an item envelope, a sealed envelope, a batch frame, a receipt and a descriptor.
/// </summary>
public sealed class WireGoldenTests
{
    private const int MaxEnvelopeBytes = 64 * 1024;

    [Fact]
    public void ItemEnvelope_GoldenFile_VerifiesWithOriginSampleKeyAndReadsItsItem()
    {
        var envelope = Envelope.Parser.ParseFrom(GoldenFiles.Read(GoldenFiles.ItemEnvelope));

        var (item, result) = ItemEnvelope.Open(Verifier("bank-ceptoar"), envelope);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("bank-ceptoar", result.Signer!.NodeId);
        Assert.Equal("application/vnd.ceptoar.item.v1+protobuf", envelope.PayloadType);
        AssertGreenItem(item!.Item);
    }

    [Fact]
    public void ItemEnvelope_GoldenFileWithOneBitFlipped_IsRefusedAsBadSignature()
    {
        var envelope = Envelope.Parser.ParseFrom(GoldenFiles.Read(GoldenFiles.ItemEnvelope));
        var payload = envelope.Payload.ToByteArray();
        payload[^1] ^= 0x01;
        envelope.Payload = ByteString.CopyFrom(payload);

        var (item, result) = ItemEnvelope.Open(Verifier("bank-ceptoar"), envelope);

        Assert.Null(item);
        Assert.Equal(EnvelopeFailure.BadSignature, result.Failure);
    }

    [Fact]
    public void ItemEnvelope_GoldenFileAgainstAnotherNodesKey_IsRefusedAsUnknownSigner()
    {
        var envelope = Envelope.Parser.ParseFrom(GoldenFiles.Read(GoldenFiles.ItemEnvelope));

        var (item, result) = ItemEnvelope.Open(Verifier("nisc"), envelope);

        Assert.Null(item);
        Assert.Equal(EnvelopeFailure.UnknownSigner, result.Failure);
    }

    [Theory]
    [InlineData("nisc")]
    [InlineData("council")]
    public void SealedEnvelope_GoldenFile_OuterVerifiesAndEachRecipientOpensTheItem(string recipient)
    {
        var outer = Envelope.Parser.ParseFrom(GoldenFiles.Read(GoldenFiles.SealedEnvelope));

        var (sealedItem, outerResult) = ItemSealer.OpenOuter(Verifier("bank-ceptoar"), outer);
        Assert.True(outerResult.IsValid, outerResult.Reason);
        Assert.Equal("01a24b39-aa00-7a10-8b2e-4c1d2e3f4a02", sealedItem!.Header.ItemId);
        Assert.Equal(Tlp.Amber, sealedItem.Header.Tlp);

        var credentials = GoldenFiles.SampleNode(recipient);
        var (inner, innerResult) = ItemSealer.OpenInner(Verifier("bank-ceptoar"), sealedItem, recipient, credentials.EncryptionPrivateKey);

        Assert.True(innerResult.IsValid, innerResult.Reason);
        Assert.Equal("01a24b39-aa00-7a10-8b2e-4c1d2e3f4a02", inner!.Item.Id);
        Assert.Equal(Tlp.Amber, inner.Item.Tlp);
        Assert.Equal(ItemKind.IncidentReport, inner.Item.Kind);
        Assert.Equal(["nisc", "council"], inner.Item.Audience.Nodes);
        Assert.Equal("Ransomware at a regional bank", inner.Item.Body.Title);
    }

    [Fact]
    public void SealedEnvelope_GoldenFileForANodeNotARecipient_CannotBeOpened()
    {
        var outer = Envelope.Parser.ParseFrom(GoldenFiles.Read(GoldenFiles.SealedEnvelope));
        var (sealedItem, _) = ItemSealer.OpenOuter(Verifier("bank-ceptoar"), outer);
        var outsider = GoldenFiles.SampleNode("electricity-ceptoar");

        Assert.ThrowsAny<SealingException>(() => ItemSealer.Unseal(sealedItem!, "electricity-ceptoar", outsider.EncryptionPrivateKey));
    }

    [Fact]
    public void BatchFrame_GoldenFile_ParsesAsBatchWhoseEnvelopesAndDescriptorVerify()
    {
        // The receiving side parses what the sender wrote as frames with federation.proto's Batch (docs/PROTOCOL.md §10).
        var batch = Batch.Parser.ParseFrom(GoldenFiles.Read(GoldenFiles.BatchFrame));

        Assert.Equal(42UL, batch.BatchId);
        Assert.Equal(2, batch.Envelopes.Count);
        Assert.Equal("01a24b39-aa00-7a10-8b2e-4c1d2e3f4a01", batch.Envelopes[0].ItemId);
        Assert.Equal(["bank-ceptoar"], batch.Envelopes[0].Hops);
        var (green, greenResult) = ItemEnvelope.Open(Verifier("bank-ceptoar"), batch.Envelopes[0].Envelope);
        Assert.True(greenResult.IsValid, greenResult.Reason);
        AssertGreenItem(green!.Item);

        Assert.Equal("01a24b39-aa00-7a10-8b2e-4c1d2e3f4a02", batch.Envelopes[1].ItemId);
        var (sealedItem, sealedResult) = ItemSealer.OpenOuter(Verifier("bank-ceptoar"), batch.Envelopes[1].Envelope);
        Assert.True(sealedResult.IsValid, sealedResult.Reason);
        Assert.Equal("01a24b39-aa00-7a10-8b2e-4c1d2e3f4a02", sealedItem!.Header.ItemId);

        var descriptor = Assert.Single(batch.Descriptors);
        var check = NodeDescriptors.Verify(descriptor, GoldenFiles.SampleTrust(), VerifiedAt, TimePolicy.Default);
        Assert.True(check.Valid, check.Problem);
        Assert.Null(batch.RevocationList);
    }

    [Fact]
    public void ReceiptEnvelope_GoldenFile_VerifiesWithHubSampleKeyAndPassesReceiptRules()
    {
        var envelope = Envelope.Parser.ParseFrom(GoldenFiles.Read(GoldenFiles.ReceiptEnvelope));

        var result = Verifier("nisc").Verify(envelope);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("application/vnd.ceptoar.receipt.v1+protobuf", envelope.PayloadType);
        var receipt = Receipt.Parser.ParseFrom(envelope.Payload);
        Assert.Null(ReceiptRules.Problem(receipt));
        Assert.Equal(ReceiptKind.Delivered, receipt.Kind);
        Assert.Equal("bank-ceptoar", receipt.OriginNode);
        Assert.Equal("nisc", receipt.RecipientNode);
        Assert.Equal(["01a24b39-aa00-7a10-8b2e-4c1d2e3f4a01", "01a24b39-aa00-7a10-8b2e-4c1d2e3f4a02"], ReceiptRules.ItemsOf(receipt));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 12, 1, 0, TimeSpan.Zero), receipt.At.ToDateTimeOffset());
    }

    [Fact]
    public void DescriptorEnvelope_GoldenFile_VerifiesAgainstSampleRootWhenIssued()
    {
        var envelope = Envelope.Parser.ParseFrom(GoldenFiles.Read(GoldenFiles.DescriptorEnvelope));

        var check = NodeDescriptors.Verify(envelope, GoldenFiles.SampleTrust(), VerifiedAt, TimePolicy.Default);

        Assert.True(check.Valid, check.Problem);
        Assert.Equal("bank-ceptoar", check.Descriptor!.NodeId);
        Assert.Equal(NodeRole.Secretariat, check.Descriptor.Role);
        Assert.Equal("金融CEPTOAR", check.Descriptor.NameJa);
        Assert.Equal(["finance"], check.Descriptor.Sectors);
        Assert.Equal("soc@bank-ceptoar.example.jp", Assert.Single(check.Descriptor.ContactPoints).Value);
        Assert.Equal("bank-ceptoar", check.Signer!.NodeId);
        Assert.Equal(32, check.EncryptionPublicKey!.Length);
    }

    [Fact]
    public void DescriptorEnvelope_GoldenFileAfterItsValidity_IsRefused()
    {
        var envelope = Envelope.Parser.ParseFrom(GoldenFiles.Read(GoldenFiles.DescriptorEnvelope));

        // Valid for 30 days from 2026-12-06 12:00 UTC: a descriptor is a dated statement, never accepted after it lapses.
        var check = NodeDescriptors.Verify(envelope, GoldenFiles.SampleTrust(), VerifiedAt.AddDays(31), TimePolicy.Default);

        Assert.False(check.Valid);
    }

    // A minute after the files were made (2026-12-06 12:00 UTC): the descriptor is checked as on the day it was issued.
    private static readonly DateTimeOffset VerifiedAt = new(2026, 12, 6, 12, 1, 0, TimeSpan.Zero);

    private static void AssertGreenItem(Item item)
    {
        Assert.Equal("01a24b39-aa00-7a10-8b2e-4c1d2e3f4a01", item.Id);
        Assert.Equal("bank-ceptoar", item.OriginNode);
        Assert.Equal(Tlp.Green, item.Tlp);
        Assert.Equal(ItemKind.EarlyWarning, item.Kind);
        Assert.Equal(Severity.Medium, item.Body.Severity);
        Assert.True(item.Audience.WholeFederation);
        Assert.Equal("不審なメールの送信を確認", item.Body.Title);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero), item.CreatedAt.ToDateTimeOffset());
    }

    // Only the public signing certificate of certs-sample/<node>: verification needs no private key.
    private static EnvelopeVerifier Verifier(string nodeId)
    {
        using var certificate = PemFiles.ReadCertificate(Path.Combine(GoldenFiles.CertsSample, nodeId, "signing.crt.pem"), "the sample keys are in certs-sample/");
        var publicKey = NodeCertificateKeys.Ed25519PublicKeyOf(certificate);
        var resolver = new InMemorySignerKeyResolver(new SignerKey(SignerKey.KeyIdFor(nodeId, publicKey), nodeId, publicKey));
        return new EnvelopeVerifier(resolver, new HashSet<string> { PayloadTypes.Item, PayloadTypes.Sealed, PayloadTypes.Receipt }, MaxEnvelopeBytes);
    }
}
