using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Federation;

/// <summary>
/// PublishRevocations on one real node (docs/LIFECYCLE.md §3): a root-signed list is taken, survives a restart and shows
/// in status; hostile, forged, untrusted and older lists are refused with the exact code, naming the field, in the
/// caller's language, audited, and the list held stays as it was.
/// </summary>
public sealed class RevocationPublishTests : IDisposable
{
    private static readonly Metadata Japanese = new() { { "accept-language", "ja" } };
    private static readonly string Thumbprint = new('c', 64);
    private readonly TestDirectory _dir = new();
    private TestFederation? _federation;

    public void Dispose() => _dir.Dispose();

    private TestFederation Federation => _federation ??= new TestFederation(_dir.Combine("pki"));

    private Task<TestNode> StartBankAsync() => TestNode.StartAsync(Federation, "bank-ceptoar", _dir.Combine("bank"));

    private static RevocationList List(ulong version, DateTimeOffset issuedAt, params RevocationEntry[] entries)
    {
        var list = new RevocationList { Version = version, IssuedAt = Timestamp.FromDateTimeOffset(issuedAt) };
        list.Entries.AddRange(entries);
        return list;
    }

    private static RevocationEntry Key(string keyId, DateTimeOffset at, string reason = "key leaked from a backup tape") =>
        new() { SigningKeyId = keyId, RevokedAt = Timestamp.FromDateTimeOffset(at), Reason = reason };

    private static RevocationEntry Certificate(string thumbprint, DateTimeOffset at) =>
        new() { CertificateThumbprint = thumbprint, RevokedAt = Timestamp.FromDateTimeOffset(at), Reason = "host decommissioned" };

    private PublishRevocationsRequest Signed(RevocationList list) => new() { Envelope = RevocationLists.Sign(Federation.Ca, list).ToByteString() };

    [Fact]
    public async Task PublishRevocations_ListSignedByTheRoot_TakenShownInStatusAndKeptAcrossARestart()
    {
        var now = DateTimeOffset.UtcNow;
        var request = Signed(List(1, now, Key("ghost-node/0123456789abcdef", now.AddMinutes(-1)), Certificate(Thumbprint, now.AddMinutes(-1))));
        await using (var bank = await StartBankAsync())
        {
            Assert.Equal(0UL, (await bank.Admin.GetStatusAsync(new GetStatusRequest())).RevocationListVersion);

            var view = await bank.Admin.PublishRevocationsAsync(request);
            var again = await bank.Admin.PublishRevocationsAsync(request);

            Assert.Equal((1UL, true, 1U, 1U), (view.Version, view.Replaced, view.Certificates, view.SigningKeys));
            Assert.Contains("CN=Test Federation Root", view.Root, StringComparison.Ordinal);
            Assert.Equal((1UL, false), (again.Version, again.Replaced));
        }

        await using var restarted = await StartBankAsync();
        var status = await restarted.Admin.GetStatusAsync(new GetStatusRequest());
        Assert.Equal(1UL, status.RevocationListVersion);
        Assert.Equal(2U, status.RevocationListEntries);
        Assert.Equal(now.ToUnixTimeSeconds(), status.RevocationListIssuedAt.ToDateTimeOffset().ToUnixTimeSeconds());
        var audit = await restarted.Admin.ListAuditAsync(new ListAuditRequest { Action = "revocations.accept", Limit = 10 });
        var taken = Assert.Single(audit.Entries, e => e.Outcome == "accepted");
        Assert.Equal(("admin", "version 1"), (taken.Actor, taken.Subject));
    }

    [Fact]
    public async Task PublishRevocations_OlderThanTheListHeld_FailedPreconditionBothLanguages_NewerStays()
    {
        var now = DateTimeOffset.UtcNow;
        await using var bank = await StartBankAsync();
        var first = Key("ghost-node/0123456789abcdef", now.AddMinutes(-2));
        await bank.Admin.PublishRevocationsAsync(Signed(List(2, now, first, Key("other-node/fedcba9876543210", now.AddMinutes(-1)))));

        var english = await Assert.ThrowsAsync<RpcException>(() => bank.Admin.PublishRevocationsAsync(Signed(List(1, now.AddMinutes(-1), first))).ResponseAsync);
        var japanese = await Assert.ThrowsAsync<RpcException>(() => bank.Admin.PublishRevocationsAsync(Signed(List(1, now.AddMinutes(-1), first)), Japanese).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, english.StatusCode);
        Assert.StartsWith("version 1 is older than version 2 held here, and an older list never replaces a newer", english.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, japanese.StatusCode);
        Assert.StartsWith("バージョン 1 は、このノードが持つバージョン 2 より古く", japanese.Status.Detail, StringComparison.Ordinal);
        var status = await bank.Admin.GetStatusAsync(new GetStatusRequest());
        Assert.Equal((2UL, 2U), (status.RevocationListVersion, status.RevocationListEntries));
        var audit = await bank.Admin.ListAuditAsync(new ListAuditRequest { Action = "revocations.accept", Limit = 10 });
        Assert.Equal(2, audit.Entries.Count(e => e.Outcome == "ignored" && e.Detail.Contains("older than version 2", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("not-protobuf")]
    [InlineData("item-envelope")]
    [InlineData("untrusted-root")]
    [InlineData("payload-altered")]
    [InlineData("two-signatures")]
    [InlineData("signature-truncated")]
    [InlineData("key-id-of-a-node")]
    [InlineData("version-0")]
    [InlineData("version-over-2^63")]
    [InlineData("issued-in-an-hour")]
    [InlineData("issued-at-out-of-range")]
    [InlineData("thumbprint-upper-case")]
    [InlineData("thumbprint-sql")]
    [InlineData("key-id-without-node")]
    [InlineData("no-subject")]
    [InlineData("reason-empty")]
    [InlineData("reason-201")]
    [InlineData("reason-control-character")]
    [InlineData("revoked-after-issued")]
    [InlineData("revoked-at-missing")]
    [InlineData("subject-twice")]
    [InlineData("501-entries")]
    [InlineData("over-256-kib")]
    public async Task PublishRevocations_HostileInput_InvalidArgumentNamingTheEnvelope_ListHeldUnchanged(string what)
    {
        var now = DateTimeOffset.UtcNow;
        await using var bank = await StartBankAsync();
        await bank.Admin.PublishRevocationsAsync(Signed(List(1, now.AddMinutes(-1), Certificate(Thumbprint, now.AddMinutes(-2)))));
        var list = List(2, now, Certificate(Thumbprint, now.AddMinutes(-2)), Key("ghost-node/0123456789abcdef", now.AddMinutes(-1)));
        var request = Hostile(what, list, now);

        var refused = await Assert.ThrowsAsync<RpcException>(() => bank.Admin.PublishRevocationsAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var violation = Assert.Single(refused.GetRpcStatus()!.Details.Single(d => d.Is(Google.Rpc.BadRequest.Descriptor)).Unpack<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Equal("envelope", violation.Field);
        var status = await bank.Admin.GetStatusAsync(new GetStatusRequest());
        Assert.Equal((1UL, 1U), (status.RevocationListVersion, status.RevocationListEntries));
    }

    [Fact]
    public async Task PublishRevocations_SignedByAnotherFederationsRoot_RefusedInJapanese_AuditedWithTheReason()
    {
        var now = DateTimeOffset.UtcNow;
        await using var bank = await StartBankAsync();
        using var rogue = FederationCa.CreateRoot("Test Federation Root", TimeSpan.FromDays(30));
        var forged = new PublishRevocationsRequest { Envelope = RevocationLists.Sign(rogue, List(1, now, Certificate(Thumbprint, now))).ToByteString() };

        var refused = await Assert.ThrowsAsync<RpcException>(() => bank.Admin.PublishRevocationsAsync(forged, Japanese).ResponseAsync);

        var violation = Assert.Single(refused.GetRpcStatus()!.Details.Single(d => d.Is(Google.Rpc.BadRequest.Descriptor)).Unpack<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Equal("envelope", violation.Field);
        Assert.StartsWith("受け付けられませんでした: ", violation.Description, StringComparison.Ordinal);
        Assert.Contains("none of this node's trusted roots", violation.Description, StringComparison.Ordinal);
        Assert.Equal(0UL, (await bank.Admin.GetStatusAsync(new GetStatusRequest())).RevocationListVersion);
        var audit = await bank.Admin.ListAuditAsync(new ListAuditRequest { Action = "revocations.accept", Limit = 10 });
        var entry = Assert.Single(audit.Entries);
        Assert.Equal(("admin", "ignored"), (entry.Actor, entry.Outcome));
        Assert.Contains("none of this node's trusted roots", entry.Detail, StringComparison.Ordinal);
    }

    private PublishRevocationsRequest Hostile(string what, RevocationList list, DateTimeOffset now)
    {
        var signed = RevocationLists.Sign(Federation.Ca, list);
        switch (what)
        {
            case "empty":
                return new PublishRevocationsRequest();
            case "not-protobuf":
                return new PublishRevocationsRequest { Envelope = ByteString.CopyFrom(0xff, 0xff, 0xff, 0x0f, 0x12) };
            case "item-envelope":
                signed.PayloadType = "application/vnd.ceptoar.item.v1+protobuf";
                return new PublishRevocationsRequest { Envelope = signed.ToByteString() };
            case "untrusted-root":
                using (var rogue = FederationCa.CreateRoot("Rogue Root", TimeSpan.FromDays(30)))
                {
                    return new PublishRevocationsRequest { Envelope = RevocationLists.Sign(rogue, list).ToByteString() };
                }

            case "payload-altered":
                list.Entries.Clear();
                signed.Payload = list.ToByteString();
                return new PublishRevocationsRequest { Envelope = signed.ToByteString() };
            case "two-signatures":
                signed.Signatures.Add(signed.Signatures[0].Clone());
                return new PublishRevocationsRequest { Envelope = signed.ToByteString() };
            case "signature-truncated":
                signed.Signatures[0].Sig = ByteString.CopyFrom(signed.Signatures[0].Sig.Span[..10]);
                return new PublishRevocationsRequest { Envelope = signed.ToByteString() };
            case "key-id-of-a-node":
                signed.Signatures[0].KeyId = "bank-ceptoar/0123456789abcdef";
                return new PublishRevocationsRequest { Envelope = signed.ToByteString() };
            case "version-0": list.Version = 0; break;
            case "version-over-2^63": list.Version = (ulong)long.MaxValue + 1; break;
            case "issued-in-an-hour": list.IssuedAt = Timestamp.FromDateTimeOffset(now.AddHours(1)); break;
            case "issued-at-out-of-range": list.IssuedAt = new Timestamp { Seconds = long.MaxValue }; break;
            case "thumbprint-upper-case": list.Entries[0].CertificateThumbprint = new string('C', 64); break;
            case "thumbprint-sql": list.Entries[0].CertificateThumbprint = "'; DROP TABLE revocation_list; --"; break;
            case "key-id-without-node": list.Entries[1].SigningKeyId = "0123456789abcdef"; break;
            case "no-subject": list.Entries[1].ClearSubject(); break;
            case "reason-empty": list.Entries[1].Reason = " "; break;
            case "reason-201": list.Entries[1].Reason = new string('x', 201); break;
            case "reason-control-character": list.Entries[1].Reason = "leaked\u001b[2J"; break;
            case "revoked-after-issued": list.Entries[1].RevokedAt = Timestamp.FromDateTimeOffset(now.AddMinutes(1)); break;
            case "revoked-at-missing": list.Entries[1].RevokedAt = null; break;
            case "subject-twice": list.Entries.Add(list.Entries[1].Clone()); break;
            case "501-entries":
                for (var i = 0; i < 499; i++)
                {
                    list.Entries.Add(Key($"node-{i}/0123456789abcdef", now.AddMinutes(-1)));
                }

                break;
            case "over-256-kib":
                // 257 KiB of signatures' key ids would be refused as too many signatures first; one large unknown field is read as bytes.
                signed.Payload = ByteString.CopyFrom([.. signed.Payload.Span, .. new UnknownPadding(257 * 1024).ToByteArray()]);
                return new PublishRevocationsRequest { Envelope = signed.ToByteString() };
            default:
                throw new ArgumentOutOfRangeException(nameof(what), what, "no such hostile input");
        }

        return Signed(list);
    }

    /// <summary>A protobuf field the list does not declare (number 99), of the given length: still a parsable payload.</summary>
    private sealed class UnknownPadding(int length)
    {
        public byte[] ToByteArray()
        {
            using var stream = new MemoryStream();
            var output = new CodedOutputStream(stream);
            output.WriteTag(99, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(new byte[length]));
            output.Flush();
            return stream.ToArray();
        }
    }
}
