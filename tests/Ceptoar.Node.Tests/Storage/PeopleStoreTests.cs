using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Tests.Storage;

/// <summary>The people table (schema step 16, docs/CONSOLE.md §2) on a real SQLite file, including a database written before it.</summary>
public sealed class PeopleStoreTests : StorageTestBase
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);

    [Fact]
    public async Task Migrate_Version15Database_PeopleTableAdded_MembersAndAuditKept()
    {
        await Members.AddAsync(new MemberRecord("mizuho-bank", "みずほ銀行", "Mizuho Bank", "finance", [], "soc@mizuho.example", At), "admin", CancellationToken.None);
        await CloseAsync();
        using (var raw = RawConnection())
        {
            // The database as a node of schema 15 (before the web console) left it.
            RawExecute(raw, "DROP TABLE people; PRAGMA user_version = 15");
        }

        await OpenAsync();
        var people = new PeopleStore(Database, Audit);
        var added = await people.AddAsync(Person("p1", "sato@mizuho.example", "mizuho-bank"), "staff:suzuki", CancellationToken.None);

        Assert.Equal((16, 1), (Database.SchemaVersion, Database.MigrationsApplied));
        Assert.True(added);
        Assert.Equal("Mizuho Bank", (await Members.GetAsync("mizuho-bank", CancellationToken.None))!.NameEn);
        Assert.Equal("sato@mizuho.example", (await people.GetAsync("p1", CancellationToken.None))!.Login);
        Assert.True((await Audit.VerifyAsync(CancellationToken.None)).Valid);
    }

    [Fact]
    public async Task AddAsync_LoginTakenInAnotherCase_FalseAndTheFirstKept_FoundInAnyCase()
    {
        var people = new PeopleStore(Database, Audit);

        var first = await people.AddAsync(Person("p1", "Sato@Mizuho.example", null), "staff:suzuki", CancellationToken.None);
        var second = await people.AddAsync(Person("p2", "sato@mizuho.EXAMPLE", null), "staff:suzuki", CancellationToken.None);

        Assert.Equal((true, false), (first, second));
        Assert.Equal("p1", (await people.FindByLoginAsync("SATO@MIZUHO.EXAMPLE", CancellationToken.None))!.PersonId);
        Assert.Null(await people.GetAsync("p2", CancellationToken.None));
        Assert.Single(await Audit.ListAsync(0, 100, "person.add", CancellationToken.None));
    }

    [Fact]
    public async Task Insert_MemberKindWithoutMember_RefusedByTheSchema()
    {
        await CloseAsync();
        using var raw = RawConnection();

        var refused = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => RawExecute(raw,
            "INSERT INTO people (person_id, login, display_name, member_id, kind, password_hash, totp_secret, session_stamp, created_at) " +
            "VALUES ('p1', 'x', 'X', NULL, 'member', 'h', 's', 'st', 0)"));

        Assert.Contains("CHECK constraint failed", refused.Message, StringComparison.Ordinal);
    }

    private static PersonRecord Person(string id, string login, string? member) => new(
        id, login, "Sato Ichiro", member, member is null ? PersonRecord.Staff : PersonRecord.Member, null, "hash", "SECRET", 0, "stamp", 0, null, false, null, At, null);
}
