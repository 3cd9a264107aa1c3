using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Tests.Golden;

/// <summary>
/// The golden files of the wire (docs/OPERATIONS.md §6): where they are, the sample nodes that signed them and the
/// content they were made from, so the tests can state what each file must still say.
/// </summary>
internal static class GoldenFiles
{
    /// <summary>Set to 1 to rewrite the files (GoldenFileGenerator); CI never sets it.</summary>
    public const string RegenerateVariable = "CEPTOAR_REGENERATE_GOLDEN";

    public const string ItemEnvelope = "item.envelope.bin";
    public const string SealedEnvelope = "sealed.envelope.bin";
    public const string BatchFrame = "batch.frame.bin";
    public const string ReceiptEnvelope = "receipt.envelope.bin";
    public const string DescriptorEnvelope = "descriptor.envelope.bin";

    /// <summary>The origin of the items and the node described (certs-sample/bank-ceptoar: SAMPLE keys, public).</summary>
    public const string Origin = "bank-ceptoar";

    /// <summary>The node the sealed item is sealed to and that signs the receipt (certs-sample/nisc: SAMPLE keys).</summary>
    public const string Hub = "nisc";

    /// <summary>The second recipient of the sealed item (certs-sample/council: SAMPLE keys).</summary>
    public const string Council = "council";

    public const string GreenItemId = "01a24b39-aa00-7a10-8b2e-4c1d2e3f4a01";
    public const string AmberItemId = "01a24b39-aa00-7a10-8b2e-4c1d2e3f4a02";
    public const ulong BatchId = 42;

    /// <summary>When the files were made: the sample certificates are valid then, and the descriptor was issued then.</summary>
    public static readonly DateTimeOffset MadeAt = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The folder of the files in the source tree (read in place, never copied: the bytes are the point).</summary>
    public static string Folder => Path.Combine(RepositoryRoot(), "tests", "Ceptoar.Core.Tests", "Golden", "v1");

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    /// <summary>certs-sample/: SAMPLE keys, public in this repository, never used in production.</summary>
    public static string CertsSample => Path.Combine(RepositoryRoot(), "certs-sample");

    public static TrustBundle SampleTrust() => TrustBundle.Load([Path.Combine(CertsSample, FederationCa.CertificateFileName)]);

    public static NodeCredentials SampleNode(string nodeId) =>
        NodeCredentials.Load(new NodeKeyFiles(Path.Combine(CertsSample, nodeId)), nodeId, SampleTrust(), MadeAt);

    /// <summary>The GREEN item of item.envelope.bin and the batch: Japanese text, so the UTF-8 bytes are on the wire too.</summary>
    public static Item GreenItem() => new()
    {
        Id = GreenItemId,
        OriginNode = Origin,
        CreatedAt = Timestamp.FromDateTimeOffset(MadeAt),
        ExpiresAt = Timestamp.FromDateTimeOffset(MadeAt.AddDays(30)),
        Tlp = Tlp.Green,
        Kind = ItemKind.EarlyWarning,
        Language = "ja",
        Audience = new Audience { WholeFederation = true },
        Body = new Body { Title = "不審なメールの送信を確認", Summary = "複数の事業者宛てに同一の添付ファイル付きメールが送られている。", Severity = Severity.Medium },
    };

    /// <summary>The AMBER item of sealed.envelope.bin, sealed to the hub and the council.</summary>
    public static Item AmberItem() => new()
    {
        Id = AmberItemId,
        OriginNode = Origin,
        CreatedAt = Timestamp.FromDateTimeOffset(MadeAt),
        ExpiresAt = Timestamp.FromDateTimeOffset(MadeAt.AddDays(30)),
        Tlp = Tlp.Amber,
        Kind = ItemKind.IncidentReport,
        Language = "en",
        Audience = new Audience { Nodes = { Hub, Council } },
        Body = new Body { Title = "Ransomware at a regional bank", Summary = "Branch systems encrypted; ATMs unaffected.", Severity = Severity.High },
    };

    /// <summary>The receipt of receipt.envelope.bin: the hub confirms delivery of both items.</summary>
    public static Receipt Receipt() => new()
    {
        ItemId = GreenItemId,
        ItemIds = { AmberItemId },
        OriginNode = Origin,
        RecipientNode = Hub,
        Kind = ReceiptKind.Delivered,
        At = Timestamp.FromDateTimeOffset(MadeAt.AddMinutes(1)),
    };

    /// <summary>The descriptor of descriptor.envelope.bin (certificates filled in from the sample keys when signed).</summary>
    public static NodeDescriptor Descriptor() => new()
    {
        NodeId = Origin,
        Role = NodeRole.Secretariat,
        NameJa = "金融CEPTOAR",
        NameEn = "Banks CEPTOAR",
        Sectors = { "finance" },
        Endpoints = { "https://127.0.0.1:7301" },
        Peers = { Hub, Council },
        IssuedAt = Timestamp.FromDateTimeOffset(MadeAt),
        ValidUntil = Timestamp.FromDateTimeOffset(MadeAt.AddDays(30)),
        ContactPoints = { new ContactPoint { Kind = "email", Value = "soc@bank-ceptoar.example.jp", LabelJa = "事務局", LabelEn = "Secretariat" } },
    };

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Federation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Federation.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>The bytes of a message exactly as the current code serialises it.</summary>
    public static byte[] Bytes(IMessage message) => message.ToByteArray();
}
