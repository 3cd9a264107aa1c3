using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Tests.Storage;

public sealed partial class MemberStoreTests : StorageTestBase
{
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);

    [Fact]
    public async Task AddAsync_NewThenSameId_CreatedThenAlreadyExists()
    {
        Assert.Equal(AddMemberResult.Created, await Members.AddAsync(Member("m1"), "admin", CancellationToken.None));
        Assert.Equal(AddMemberResult.AlreadyExists, await Members.AddAsync(Member("m1") with { NameEn = "Other" }, "admin", CancellationToken.None));

        var stored = await Members.GetAsync("m1", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal("Member m1", stored.NameEn);
        var entry = Assert.Single(await Audit.ListAsync(0, 10, "member.add", CancellationToken.None));
        Assert.Equal(("admin", "m1", "created"), (entry.Actor, entry.Subject, entry.Outcome));
    }

    [Fact]
    public async Task GetAsync_StoredMember_AllFieldsAndTagOrderKept()
    {
        await Members.AddAsync(Member("m1", tags: ["zeta", "alpha", "水道", "mid"]), "admin", CancellationToken.None);

        var stored = await Members.GetAsync("m1", CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(("m1", "会員 m1", "Member m1", "finance", "m1@example.jp", Created, false),
            (stored.MemberId, stored.NameJa, stored.NameEn, stored.Sector, stored.ContactEmail, stored.CreatedAt, stored.Disabled));
        Assert.Equal(new[] { "zeta", "alpha", "水道", "mid" }, stored.Tags);
        Assert.Null(await Members.GetAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_DisabledMember_ListedOnlyWhenAsked()
    {
        await Members.AddAsync(Member("m2"), "admin", CancellationToken.None);
        await Members.AddAsync(Member("m1"), "admin", CancellationToken.None);
        await Members.DisableAsync("m2", "left the CEPTOAR", "admin", CancellationToken.None);

        Assert.Equal(new[] { "m1" }, (await Members.ListAsync(false, CancellationToken.None)).Select(m => m.MemberId));
        Assert.Equal(new[] { "m1", "m2" }, (await Members.ListAsync(true, CancellationToken.None)).Select(m => m.MemberId));
    }

    [Fact]
    public async Task Enabled_AfterAddDisableAndReopen_SameMembersAsTheDatabaseInIdOrder()
    {
        await Members.AddAsync(Member("m3", tags: ["water"]), "admin", CancellationToken.None);
        await Members.AddAsync(Member("m1"), "admin", CancellationToken.None);
        await Members.AddAsync(Member("m2"), "admin", CancellationToken.None);
        await Members.DisableAsync("m2", "left the CEPTOAR", "admin", CancellationToken.None);

        static IEnumerable<(string, string, string)> Facts(IEnumerable<MemberRecord> members) => members.Select(m => (m.MemberId, m.Sector, string.Join(",", m.Tags)));
        var fromDatabase = Facts(await Members.ListAsync(false, CancellationToken.None)).ToList();
        Assert.Equal(fromDatabase, Facts(Members.Enabled()));
        Assert.Equal(new[] { "m1", "m3" }, Members.Enabled().Select(m => m.MemberId));
        await ReopenAsync();
        Assert.Equal(fromDatabase, Facts(Members.Enabled()));
    }

    [Fact]
    public async Task IssueKeyAsync_EnabledMember_SecretHasFormatAndOnlyItsHashIsStored()
    {
        await Members.AddAsync(Member("m1"), "admin", CancellationToken.None);

        var issued = await Members.IssueKeyAsync("m1", "ops laptop", "admin", CancellationToken.None);

        Assert.NotNull(issued);
        var (key, secret) = issued.Value;
        Assert.Matches(SecretFormat(), secret);
        Assert.Equal($"ck_{key.KeyId}_", secret[..16]);
        Assert.Equal(("m1", "ops laptop", false), (key.MemberId, key.Label, key.Revoked));
        await CloseAsync();
        using (var raw = RawConnection())
        {
            Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), (byte[])RawScalar(raw, $"SELECT sha256 FROM api_keys WHERE key_id = '{key.KeyId}'")!);
        }

        var fileBytes = File.ReadAllBytes(DatabasePath);
        Assert.DoesNotContain(Encoding.UTF8.GetString(fileBytes), secret[16..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueKeyAsync_UnknownOrDisabledMember_ReturnsNull()
    {
        await Members.AddAsync(Member("m1"), "admin", CancellationToken.None);
        await Members.DisableAsync("m1", "suspended", "admin", CancellationToken.None);

        Assert.Null(await Members.IssueKeyAsync("m1", "x", "admin", CancellationToken.None));
        Assert.Null(await Members.IssueKeyAsync("nobody", "x", "admin", CancellationToken.None));
        Assert.Empty(await Members.ListKeysAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task Lookup_IssuedKey_ReturnsKeyAndMember()
    {
        var secret = await AddMemberWithKeyAsync("m1");

        var found = Members.Lookup(secret);

        Assert.NotNull(found);
        Assert.Equal("m1", found.Key.MemberId);
        Assert.Equal("m1", found.Member.MemberId);
        Assert.False(found.Key.Revoked);
        Assert.False(found.Member.Disabled);
    }

    [Fact]
    public async Task Lookup_WrongSecretForExistingKeyId_ReturnsNull()
    {
        var secret = await AddMemberWithKeyAsync("m1");
        var tampered = secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A');

        Assert.Null(Members.Lookup(tampered));
        Assert.Null(Members.Lookup("ck_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        Assert.Null(Members.Lookup("not a key"));
        Assert.Null(Members.Lookup(""));
        Assert.Null(Members.Lookup(secret + "x"));
    }

    [Fact]
    public async Task RevokeKeyAsync_IssuedKey_LookupShowsRevokedAtOnce()
    {
        var secret = await AddMemberWithKeyAsync("m1");
        var keyId = Members.Lookup(secret)!.Key.KeyId;

        var revoked = await Members.RevokeKeyAsync(keyId, "laptop stolen", "admin", CancellationToken.None);
        var found = Members.Lookup(secret);

        Assert.NotNull(revoked);
        Assert.True(revoked.Revoked);
        Assert.NotNull(found);
        Assert.True(found.Key.Revoked);
        Assert.Equal("laptop stolen", found.Key.RevokedReason);
        Assert.Equal(revoked.RevokedAt, found.Key.RevokedAt);
        Assert.True(Assert.Single(await Members.ListKeysAsync("m1", CancellationToken.None)).Revoked);
        Assert.Single(await Audit.ListAsync(0, 10, "key.revoke", CancellationToken.None));
    }

    [Fact]
    public async Task RevokeKeyAsync_Twice_KeepsFirstRevocation()
    {
        var secret = await AddMemberWithKeyAsync("m1");
        var keyId = Members.Lookup(secret)!.Key.KeyId;

        var first = await Members.RevokeKeyAsync(keyId, "first", "admin", CancellationToken.None);
        var second = await Members.RevokeKeyAsync(keyId, "second", "admin", CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Single(await Audit.ListAsync(0, 10, "key.revoke", CancellationToken.None));
        Assert.Null(await Members.RevokeKeyAsync("000000000000", "x", "admin", CancellationToken.None));
    }

    [Fact]
    public async Task DisableAsync_MemberWithKey_LookupShowsDisabledMemberAtOnce()
    {
        var secret = await AddMemberWithKeyAsync("m1");

        var disabled = await Members.DisableAsync("m1", "contract ended", "admin", CancellationToken.None);
        var found = Members.Lookup(secret);

        Assert.NotNull(disabled);
        Assert.True(disabled.Disabled);
        Assert.Equal("contract ended", disabled.DisabledReason);
        Assert.NotNull(found);
        Assert.True(found.Member.Disabled);
        Assert.False(found.Key.Revoked);
        Assert.Null(await Members.DisableAsync("nobody", "x", "admin", CancellationToken.None));
        var entry = Assert.Single(await Audit.ListAsync(0, 10, "member.disable", CancellationToken.None));
        Assert.Equal(("admin", "m1", "contract ended"), (entry.Actor, entry.Subject, entry.Detail));
    }

    [Fact]
    public async Task ListKeysAsync_SeveralMembers_FiltersByMember()
    {
        await AddMemberWithKeyAsync("m1");
        await AddMemberWithKeyAsync("m2");
        await Members.IssueKeyAsync("m1", "second", "admin", CancellationToken.None);

        Assert.Equal(3, (await Members.ListKeysAsync(null, CancellationToken.None)).Count);
        Assert.Equal(new[] { "m1", "m1" }, (await Members.ListKeysAsync("m1", CancellationToken.None)).Select(k => k.MemberId));
    }

    [Fact]
    public async Task Current_KeyRevokedThenMemberDisabled_EachChangeSeenByKeyIdWhenItsCallReturns()
    {
        var secret = await AddMemberWithKeyAsync("m1");
        var keyId = Members.Lookup(secret)!.Key.KeyId;
        Assert.Equal((false, false), Standing(Members.Current(keyId)));

        await Members.RevokeKeyAsync(keyId, "laptop stolen", "admin", CancellationToken.None);
        Assert.Equal((true, false), Standing(Members.Current(keyId)));

        await Members.DisableAsync("m1", "contract ended", "admin", CancellationToken.None);
        Assert.Equal((true, true), Standing(Members.Current(keyId)));
        Assert.Null(Members.Current("000000000000"));

        static (bool Revoked, bool Disabled) Standing(ApiKeyLookup? lookup) => (lookup!.Key.Revoked, lookup.Member.Disabled);
    }

    private static MemberRecord Member(string id, IReadOnlyList<string>? tags = null) =>
        new(id, $"会員 {id}", $"Member {id}", "finance", tags ?? ["bank"], $"{id}@example.jp", Created);

    private async Task<string> AddMemberWithKeyAsync(string memberId)
    {
        await Members.AddAsync(Member(memberId), "admin", CancellationToken.None);
        var issued = await Members.IssueKeyAsync(memberId, "default", "admin", CancellationToken.None);
        return issued!.Value.Secret;
    }

    [GeneratedRegex("^ck_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$")]
    private static partial Regex SecretFormat();
}
