using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Tests.Pki;

/// <summary>The revocation list's versions and signature (docs/LIFECYCLE.md §3), and how its revocations lie over the signer key table.</summary>
public sealed class RevocationListsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static RevocationEntry Key(string keyId, DateTimeOffset at) =>
        new() { SigningKeyId = keyId, RevokedAt = Timestamp.FromDateTimeOffset(at), Reason = "key copied" };

    [Fact]
    public void Next_TwoRevocations_VersionsOneAndTwo_TheSecondRepeatsTheFirst()
    {
        var first = RevocationLists.Next(null, Key("bank-ceptoar/0123456789abcdef", Now), Now);
        var second = RevocationLists.Next(first, Key("nisc/fedcba9876543210", Now), Now.AddMinutes(1));

        Assert.Equal(1UL, first.Version);
        Assert.Equal(2UL, second.Version);
        Assert.Equal(new[] { "bank-ceptoar/0123456789abcdef", "nisc/fedcba9876543210" }, second.Entries.Select(e => e.SigningKeyId));
        Assert.Equal(Now.AddMinutes(1), second.IssuedAt.ToDateTimeOffset());
    }

    [Fact]
    public void Next_SubjectAlreadyRevoked_ArgumentException()
    {
        var first = RevocationLists.Next(null, Key("bank-ceptoar/0123456789abcdef", Now), Now);

        var refused = Assert.Throws<ArgumentException>(() => RevocationLists.Next(first, Key("bank-ceptoar/0123456789abcdef", Now), Now));

        Assert.Equal("signing key bank-ceptoar/0123456789abcdef is already revoked in version 1 of the list; a subject is revoked once", refused.Message);
    }

    [Fact]
    public void Verify_SignedByTheRoot_ValidWithThatRootOnly()
    {
        using var root = FederationCa.CreateRoot("Root A", TimeSpan.FromDays(30));
        using var other = FederationCa.CreateRoot("Root A", TimeSpan.FromDays(30));
        var envelope = RevocationLists.Sign(root, RevocationLists.Next(null, Key("bank-ceptoar/0123456789abcdef", DateTimeOffset.UtcNow), DateTimeOffset.UtcNow));

        var trusted = RevocationLists.Verify(envelope, new TrustBundle([root.Certificate]), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        var untrusted = RevocationLists.Verify(envelope, new TrustBundle([other.Certificate]), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

        Assert.True(trusted.Valid, trusted.Problem);
        Assert.Equal(1UL, trusted.List!.Version);
        Assert.False(untrusted.Valid);
        Assert.StartsWith("the revocation list is signed by 'root:", untrusted.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_KeyRevokedByTheList_RevokedAtSet_EarlierTimeWins_OtherKeysUntouched()
    {
        var revoked = new SignerKey("bank-ceptoar/0123456789abcdef", "bank-ceptoar", new byte[32], RevokedAt: Now.AddHours(1));
        var other = new SignerKey("nisc/fedcba9876543210", "nisc", new byte[32]);
        var keys = new InMemorySignerKeyResolver(revoked, other);

        keys.SetRevocations(new Dictionary<string, DateTimeOffset> { ["bank-ceptoar/0123456789abcdef"] = Now });

        Assert.Equal(Now, keys.Resolve("bank-ceptoar/0123456789abcdef")!.RevokedAt);
        Assert.Null(keys.Resolve("nisc/fedcba9876543210")!.RevokedAt);
        keys.SetRevocations(new Dictionary<string, DateTimeOffset> { ["bank-ceptoar/0123456789abcdef"] = Now.AddHours(2) });
        Assert.Equal(Now.AddHours(1), keys.Resolve("bank-ceptoar/0123456789abcdef")!.RevokedAt);
    }
}
