using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.Frames.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Tests.Golden;

/// <summary>Runs only when CEPTOAR_REGENERATE_GOLDEN=1: a golden file records what a released version wrote.</summary>
public sealed class RegenerateGoldenFactAttribute : FactAttribute
{
    public RegenerateGoldenFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(GoldenFiles.RegenerateVariable) != "1")
        {
            Skip = $"writes the golden files; set {GoldenFiles.RegenerateVariable}=1 to run it (never in CI: see Golden/README.md)";
        }
    }
}

/// <summary>Writes tests/Ceptoar.Core.Tests/Golden/v1/ with the current code, from GoldenFiles' content and the sample keys.</summary>
public sealed class GoldenFileGenerator
{
    [RegenerateGoldenFact]
    public void Regenerate_WhenAsked_WritesEveryGoldenFile()
    {
        var origin = GoldenFiles.SampleNode(GoldenFiles.Origin);
        var hub = GoldenFiles.SampleNode(GoldenFiles.Hub);
        var council = GoldenFiles.SampleNode(GoldenFiles.Council);
        var originSigner = origin.CreateEnvelopeSigner();

        var item = ItemEnvelope.Sign(originSigner, GoldenFiles.GreenItem());
        var sealedItem = ItemSealer.Seal(originSigner, GoldenFiles.AmberItem(),
        [
            new SealRecipient(hub.NodeId, NodeCertificateKeys.X25519PublicKeyOf(hub.EncryptionCertificate)),
            new SealRecipient(council.NodeId, NodeCertificateKeys.X25519PublicKeyOf(council.EncryptionCertificate)),
        ]);
        var descriptor = NodeDescriptors.Sign(origin, GoldenFiles.Descriptor(), GoldenFiles.MadeAt);
        var receipt = hub.CreateEnvelopeSigner().Sign(PayloadTypes.Receipt, ByteString.CopyFrom(GoldenFiles.Bytes(GoldenFiles.Receipt())));
        var batch = new BatchFrame
        {
            BatchId = GoldenFiles.BatchId,
            Envelopes =
            {
                new RelayedEnvelopeFrame { Envelope = item.ToByteString(), ItemId = GoldenFiles.GreenItemId, Hops = { GoldenFiles.Origin } },
                new RelayedEnvelopeFrame { Envelope = sealedItem.ToByteString(), ItemId = GoldenFiles.AmberItemId, Hops = { GoldenFiles.Origin } },
            },
            Descriptors = { descriptor },
        };

        Directory.CreateDirectory(GoldenFiles.Folder);
        Write(GoldenFiles.ItemEnvelope, GoldenFiles.Bytes(item));
        Write(GoldenFiles.SealedEnvelope, GoldenFiles.Bytes(sealedItem));
        Write(GoldenFiles.DescriptorEnvelope, GoldenFiles.Bytes(descriptor));
        Write(GoldenFiles.ReceiptEnvelope, GoldenFiles.Bytes(receipt));
        Write(GoldenFiles.BatchFrame, GoldenFiles.Bytes(batch));
    }

    private static void Write(string name, byte[] bytes)
    {
        var path = Path.Combine(GoldenFiles.Folder, name);
        File.WriteAllBytes(path, bytes);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }
}
