using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Tests.Descriptors;

/// <summary>Contact means and the emergency contact in descriptors (docs/PROTOCOL.md §8): checks, readable copies, and both directions of compatibility.</summary>
public sealed class DescriptorContactsTests : IDisposable
{
    private readonly DescriptorFixture _fixture = new();
    private readonly NodeCredentials _bank;

    public DescriptorContactsTests()
    {
        _bank = _fixture.Issue(DescriptorFixture.Bank);
    }

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("ceptoar@bank-ceptoar.example.jp")]
    [InlineData("soc.duty+ceptoar@example.jp")]
    [InlineData("a@b.jp")]
    public void IsEmailAddress_WellFormed_True(string value) => Assert.True(DescriptorContacts.IsEmailAddress(value));

    [Theory]
    [InlineData("ceptoar")]
    [InlineData("ceptoar@")]
    [InlineData("@example.jp")]
    [InlineData("ceptoar@localhost")]
    [InlineData("two@at@example.jp")]
    [InlineData("ceptoar@example..jp")]
    [InlineData("ceptoar.@example.jp")]
    [InlineData("cep toar@example.jp")]
    [InlineData("Secretariat <ceptoar@example.jp>")]
    [InlineData("ceptoar@-example.jp")]
    [InlineData("事務局@example.jp")]
    public void IsEmailAddress_Malformed_False(string value) => Assert.False(DescriptorContacts.IsEmailAddress(value));

    [Theory]
    [InlineData("03-0000-0101")]
    [InlineData("+81-3-0000-0101")]
    [InlineData("(03) 0000 0101")]
    [InlineData("090-0000-0201")]
    public void IsTelephoneNumber_Dialable_True(string value) => Assert.True(DescriptorContacts.IsTelephoneNumber(value));

    [Theory]
    [InlineData("03-0000-0101 ext. 12")]
    [InlineData("tel:03-0000-0101")]
    [InlineData("123")]
    [InlineData("03-0000-0101+")]
    [InlineData("+81 3 0000 0101 0000 0000 0000")]
    public void IsTelephoneNumber_NotDialable_False(string value) => Assert.False(DescriptorContacts.IsTelephoneNumber(value));

    [Fact]
    public void ReadableLine_ContactPointWithLabels_KindValueAndBothLabels()
    {
        var point = new ContactPoint { Kind = "phone", Value = "03-0000-0101", LabelJa = "事務局", LabelEn = "Secretariat" };

        Assert.Equal("phone: 03-0000-0101 (事務局 / Secretariat)", DescriptorContacts.ReadableLine(point));
        Assert.Equal("email: a@b.jp", DescriptorContacts.ReadableLine(new ContactPoint { Kind = "email", Value = "a@b.jp" }));
    }

    [Fact]
    public void ReadableLine_EmergencyDesk_EveryFieldInBothLanguages()
    {
        var desk = new EmergencyDesk
        {
            NameJa = "事務局 当番", NameEn = "Duty officer", Phone = "03-0000-0199", Email = "emergency@example.jp", HoursJa = "24時間365日", HoursEn = "24/7", Since = "2007-04",
        };

        Assert.Equal(
            "緊急窓口 / Emergency: 事務局 当番 / Duty officer; tel 03-0000-0199; e-mail emergency@example.jp; 受付時間 / hours 24時間365日 / 24/7; since 2007-04",
            DescriptorContacts.ReadableLine(desk));
        Assert.Equal("緊急窓口 / Emergency: Duty officer; tel 03-0000-0199", DescriptorContacts.ReadableLine(new EmergencyDesk { NameEn = "Duty officer", Phone = "03-0000-0199" }));
    }

    [Fact]
    public void Verify_DescriptorOfANodeThatPredatesStructuredContacts_VerifiesWithItsReadableContacts()
    {
        // What a node before fields 16 and 17 signs: only the readable strings.
        var envelope = _fixture.Signed(_bank, d =>
        {
            d.ContactMeans.Clear();
            d.ContactMeans.Add(["e-mail ceptoar@bank.example.jp", "tel 03-0000-0101"]);
            d.EmergencyContact = "03-0000-0199 (24h)";
        });

        var check = _fixture.Verify(envelope);

        Assert.True(check.Valid, check.Problem);
        Assert.Equal(["e-mail ceptoar@bank.example.jp", "tel 03-0000-0101"], check.Descriptor!.ContactMeans);
        Assert.Equal("03-0000-0199 (24h)", check.Descriptor.EmergencyContact);
        Assert.Empty(check.Descriptor.ContactPoints);
        Assert.Null(check.Descriptor.EmergencyDesk);
    }

    [Fact]
    public void ParseAsAnOlderNode_DescriptorWithStructuredContacts_ReadsTheReadableCopiesAndSkipsTheNewFields()
    {
        var envelope = _fixture.Signed(_bank, d =>
        {
            d.ContactMeans.Clear();
            d.ContactPoints.Add(new ContactPoint { Kind = "email", Value = "ceptoar@bank.example.jp" });
            d.ContactMeans.Add("email: ceptoar@bank.example.jp");
            d.EmergencyDesk = new EmergencyDesk { NameEn = "Duty officer", Phone = "03-0000-0199", HoursEn = "24/7" };
            d.EmergencyContact = "緊急窓口 / Emergency: Duty officer; tel 03-0000-0199; 受付時間 / hours 24/7";
        });

        var (means, emergency, skipped) = ReadAsOlderNode(envelope.Payload);

        Assert.Equal(["email: ceptoar@bank.example.jp"], means);
        Assert.Equal("緊急窓口 / Emergency: Duty officer; tel 03-0000-0199; 受付時間 / hours 24/7", emergency);
        Assert.Equal([16, 17], skipped);
        Assert.True(_fixture.Verify(envelope).Valid);
    }

    [Fact]
    public void Sign_MostContactsAtTheirLongest_LeavesRoomForTheRetiredKeys()
    {
        // Three-byte characters throughout: the most a configuration the node accepts can weigh.
        var value = new string('電', DescriptorContacts.MaxValueLength);
        var text = new string('窓', DescriptorContacts.MaxTextLength);
        var envelope = _fixture.Signed(_bank, d =>
        {
            for (var i = 0; i < DescriptorContacts.MaxContactPoints; i++)
            {
                var point = new ContactPoint { Kind = "tv-conference", Value = value, LabelJa = text, LabelEn = text };
                d.ContactPoints.Add(point);
                d.ContactMeans.Add(DescriptorContacts.ReadableLine(point));
            }

            d.EmergencyDesk = new EmergencyDesk { NameJa = text, NameEn = text, Phone = text, Email = text, HoursJa = text, HoursEn = text, Since = "2007-04" };
            d.EmergencyContact = DescriptorContacts.ReadableLine(d.EmergencyDesk);
        });

        // Sixteen retired Ed25519 certificates take about 12 KiB of PEM.
        Assert.True(envelope.CalculateSize() + (16 * 1024) <= NodeDescriptors.MaxDescriptorBytes, $"{envelope.CalculateSize()} bytes");
    }

    /// <summary>Reads a descriptor as code generated from the .proto before fields 16 and 17 does: fields 13 and 14 by number, every other field skipped.</summary>
    private static (List<string> Means, string Emergency, List<int> Skipped) ReadAsOlderNode(ByteString payload)
    {
        var means = new List<string>();
        var emergency = string.Empty;
        var unknown = new SortedSet<int>();
        var input = new CodedInputStream(payload.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            switch (field)
            {
                case 13:
                    means.Add(input.ReadString());
                    break;
                case 14:
                    emergency = input.ReadString();
                    break;
                default:
                    if (field > 15)
                    {
                        unknown.Add(field);
                    }

                    input.SkipLastField();
                    break;
            }
        }

        return (means, emergency, [.. unknown]);
    }
}
