using System.Text;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Sealing;
using Ceptoar.Core.Tests.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Ceptoar.Core.Tests.Sealing;

/// <summary>The bytes follow sealed.proto's comments, low-order keys are refused, and certificates give recipients.</summary>
public sealed class SealingConstructionTests
{
    private static readonly TestNode Bank = SealingTestKit.NewNode("bank-ceptoar");

    private readonly SealingTestKit _kit = new();

    [Fact]
    public void Seal_IndependentBouncyCastleDecryptionPerProtoComments_RecoversInnerEnvelope()
    {
        var (outer, inner, _) = _kit.Seal(Bank);
        var sealedItem = SealingTestKit.Parse(outer);
        var wrapped = Assert.Single(sealedItem.Keys);
        var itemId = sealedItem.Header.ItemId;

        // Follows the comment on WrappedKey in sealed.proto with BouncyCastle only (no code of the sealer).
        var agreement = new X25519Agreement();
        agreement.Init(new X25519PrivateKeyParameters(Bank.PrivateKey));
        var shared = new byte[32];
        agreement.CalculateAgreement(new X25519PublicKeyParameters(wrapped.EphemeralPublicKey.ToByteArray()), shared, 0);
        var hkdf = new HkdfBytesGenerator(new Sha256Digest());
        hkdf.Init(new HkdfParameters(shared, [.. wrapped.EphemeralPublicKey.ToByteArray(), .. Bank.PublicKey], Encoding.UTF8.GetBytes($"ceptoar-seal-v1|{itemId}|{Bank.NodeId}")));
        var kek = new byte[32];
        hkdf.GenerateBytes(kek, 0, kek.Length);
        var contentKey = GcmDecrypt(kek, wrapped.Nonce.ToByteArray(), wrapped.WrappedKey_.ToByteArray(), Encoding.UTF8.GetBytes($"{itemId}|{Bank.NodeId}"));
        var plaintext = GcmDecrypt(contentKey, sealedItem.Nonce.ToByteArray(), sealedItem.Ciphertext.ToByteArray(), sealedItem.Header.ToByteArray());

        Assert.Equal(32, contentKey.Length);
        Assert.Equal(inner.ToByteArray(), plaintext);
        Assert.Equal(12, sealedItem.Nonce.Length);
        Assert.Equal(12, wrapped.Nonce.Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Bank.PublicKey))[..16], wrapped.RecipientKeyId);
    }

    [Fact]
    public void Seal_RecipientKeyIsLowOrderPoint_ThrowsInsteadOfAllZeroSecret()
    {
        // u = 0 (and the other small-order points) give an all-zero X25519 output whatever the scalar.
        var zero = new SealRecipient("bank-ceptoar", new byte[32]);

        var error = Assert.Throws<ArgumentException>(() => ItemSealer.Seal(_kit.Origin, SealingTestKit.NewItem(), [zero]));

        Assert.Contains("low-order", error.Message);
    }

    [Fact]
    public void Unseal_EphemeralKeyIsLowOrderPoint_ThrowsMalformed()
    {
        var sealedItem = SealingTestKit.Parse(_kit.Seal(Bank).Outer);
        var lowOrder = new byte[32];
        lowOrder[0] = 1;
        sealedItem.Keys[0].EphemeralPublicKey = ByteString.CopyFrom(lowOrder);

        var error = Assert.Throws<SealingException>(() => ItemSealer.Unseal(sealedItem, Bank.NodeId, Bank.PrivateKey));

        Assert.Equal(SealingFailure.Malformed, error.Failure);
        Assert.Contains("low-order", error.Message);
    }

    [Fact]
    public void Unseal_PrivateKeyOfWrongSize_ThrowsArgumentException()
    {
        var sealedItem = SealingTestKit.Parse(_kit.Seal(Bank).Outer);

        Assert.Throws<ArgumentException>(() => ItemSealer.Unseal(sealedItem, Bank.NodeId, new byte[31]));
    }

    [Fact]
    public void FromCertificate_IssuedEncryptionCertificate_SealsToTheNodesPrivateKey()
    {
        using var pki = new PkiFixture();
        var credentials = NodeCredentials.Load(pki.Node, PkiFixture.NodeId, pki.Trust, DateTimeOffset.UtcNow);

        var recipient = SealRecipient.FromCertificate(credentials.EncryptionCertificate);
        var (sealedItem, _) = ItemSealer.OpenOuter(_kit.Verifier, ItemSealer.Seal(_kit.Origin, SealingTestKit.NewItem(), [recipient]));
        var (verified, result) = ItemSealer.OpenInner(_kit.Verifier, sealedItem!, credentials.NodeId, credentials.EncryptionPrivateKey);

        Assert.Equal(PkiFixture.NodeId, recipient.NodeId);
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(SealingTestKit.NewItem(), verified!.Item);
    }

    [Fact]
    public void FromCertificate_SigningCertificate_ThrowsNotX25519()
    {
        using var pki = new PkiFixture();
        using var signing = PemTestFiles.Certificate(pki.Node.SigningCertificate);

        var error = Assert.Throws<InvalidOperationException>(() => SealRecipient.FromCertificate(signing));

        Assert.Contains("not an X25519 encryption key", error.Message);
    }

    [Theory]
    [InlineData("item id", "item id")]
    [InlineData("origin", "origin node")]
    [InlineData("tlp", "TLP label")]
    [InlineData("created", "creation time")]
    [InlineData("expires", "expiry")]
    [InlineData("kind", "kind")]
    [InlineData("exercise", "exercise flag")]
    [InlineData("revokes", "revoked item")]
    public void HeaderMismatch_OneFieldDiffers_NamesThatField(string field, string expected)
    {
        var item = SealingTestKit.NewItem();
        var header = SealingTestKit.Parse(_kit.Seal(Bank).Outer).Header;
        Assert.Null(ItemSealer.HeaderMismatch(header, item));

        switch (field)
        {
            case "item id": item.Id = "01974f2e-8c00-7abc-8def-0123456789ac"; break;
            case "origin": item.OriginNode = "council"; break;
            case "tlp": item.Tlp = Tlp.AmberStrict; break;
            case "created": item.CreatedAt = Timestamp.FromDateTimeOffset(item.CreatedAt.ToDateTimeOffset().AddTicks(10)); break;
            case "expires": item.ExpiresAt = null; break;
            case "kind": item.Kind = ItemKind.DamageReport; break;
            // A header that tells hubs to drop an item the sealed item does not revoke (docs/LIFECYCLE.md §1).
            case "revokes": header.Revokes = "01974f2e-8c00-7abc-8def-0123456789ac"; break;
            default: item.Exercise = true; break;
        }

        Assert.Contains($"in its {expected};", ItemSealer.HeaderMismatch(header, item));
    }

    [Fact]
    public void Seal_ExtremeItem_HeaderMarkedUrgent_OrdinaryItemNot()
    {
        var ordinary = SealingTestKit.NewItem();
        var extreme = SealingTestKit.NewItem();
        extreme.Body.Severity = Severity.Extreme;

        var ordinaryHeader = SealingTestKit.Parse(ItemSealer.Seal(_kit.Origin, ItemEnvelope.Sign(_kit.Origin, ordinary), ordinary, [Bank.Recipient])).Header;
        var urgentHeader = SealingTestKit.Parse(ItemSealer.Seal(_kit.Origin, ItemEnvelope.Sign(_kit.Origin, extreme), extreme, [Bank.Recipient])).Header;

        Assert.False(ordinaryHeader.Urgent);
        Assert.True(urgentHeader.Urgent);
        Assert.Null(ItemSealer.HeaderMismatch(urgentHeader, extreme));
    }

    [Fact]
    public void HeaderMismatch_HeaderClaimsUrgencyTheItemLacks_NamesTheUrgentFlag()
    {
        var item = SealingTestKit.NewItem();
        var header = SealingTestKit.Parse(_kit.Seal(Bank).Outer).Header;
        header.Urgent = true;

        Assert.Contains("in its urgent flag;", ItemSealer.HeaderMismatch(header, item));
    }

    [Fact]
    public void HeaderMismatch_UrgentItemUnderAnUnflaggedHeader_Null()
    {
        // An origin that predates the flag leaves it unset: the item only waits its turn, it is not refused.
        var item = SealingTestKit.NewItem();
        var header = SealingTestKit.Parse(_kit.Seal(Bank).Outer).Header;
        item.Body.Severity = Severity.High;

        Assert.False(header.Urgent);
        Assert.Null(ItemSealer.HeaderMismatch(header, item));
    }

    [Fact]
    public void HeaderMismatch_OnlyBodyDiffers_Null()
    {
        var item = SealingTestKit.NewItem();
        var header = SealingTestKit.Parse(_kit.Seal(Bank).Outer).Header;
        item.Body.Title = "別の件名";
        item.Audience.Nodes.Add("gas-ceptoar");

        Assert.Null(ItemSealer.HeaderMismatch(header, item));
    }

    private static byte[] GcmDecrypt(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] aad)
    {
        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(false, new AeadParameters(new KeyParameter(key), 128, nonce, aad));
        var output = new byte[gcm.GetOutputSize(ciphertextAndTag.Length)];
        var length = gcm.ProcessBytes(ciphertextAndTag, 0, ciphertextAndTag.Length, output, 0);
        length += gcm.DoFinal(output, length);
        return output[..length];
    }
}
