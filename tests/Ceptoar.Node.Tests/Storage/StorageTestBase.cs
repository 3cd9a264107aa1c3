using System.Security.Cryptography;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Storage;

/// <summary>A fresh directory and a real database file per test, deleted at teardown.</summary>
public abstract class StorageTestBase : IAsyncLifetime
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    protected StorageTestBase()
    {
        TestDirectory = Path.Combine(Path.GetTempPath(), "ceptoar-storage-tests", Guid.NewGuid().ToString("N"));
    }

    protected string TestDirectory { get; }

    protected string DatabasePath => Path.Combine(TestDirectory, "node.db");

    protected NodeDatabase Database { get; private set; } = null!;

    protected AuditLog Audit { get; private set; } = null!;

    protected ItemStore Items { get; private set; } = null!;

    protected MemberStore Members { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(TestDirectory);
        await OpenAsync();
    }

    public async Task DisposeAsync()
    {
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        Directory.Delete(TestDirectory, recursive: true);
    }

    protected StorageOptions Options(string synchronous = "FULL") => new() { DatabasePath = DatabasePath, Synchronous = synchronous };

    protected async Task OpenAsync(StorageOptions? options = null)
    {
        Database = await NodeDatabase.OpenAsync(options ?? Options(), CancellationToken.None);
        Audit = new AuditLog(Database);
        Items = new ItemStore(Database, Audit);
        Members = await MemberStore.OpenAsync(Database, Audit, CancellationToken.None);
    }

    protected async Task CloseAsync()
    {
        await Database.DisposeAsync();
        Database = null!;
    }

    protected async Task ReopenAsync()
    {
        await CloseAsync();
        await OpenAsync();
    }

    /// <summary>A connection outside the node (an "attacker" or admin tool), not pooled so it holds nothing open afterwards.</summary>
    protected SqliteConnection RawConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    protected static int RawExecute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    protected static object? RawScalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>An item with arbitrary envelope bytes (Core's signer is not used here).</summary>
    protected static NewItem NewItem(
        string? id = null,
        string origin = "node-a",
        ItemKind kind = ItemKind.IncidentReport,
        Tlp tlp = Tlp.Green,
        bool exercise = false,
        string title = "Suspicious logins",
        string searchText = "suspicious logins on the vpn",
        IReadOnlyList<string>? sectors = null,
        DateTimeOffset? createdAt = null,
        DateTimeOffset? expiresAt = null,
        string? submittedBy = null,
        MemberDelivery? delivery = null,
        int envelopeBytes = 1024) =>
        new(
            id ?? Guid.CreateVersion7().ToString(),
            origin,
            kind,
            tlp,
            exercise,
            title,
            searchText,
            sectors ?? ["finance"],
            createdAt ?? DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000),
            expiresAt,
            submittedBy,
            RandomNumberGenerator.GetBytes(envelopeBytes),
            delivery ?? MemberDelivery.None);

    protected static MemberDelivery ToAll => new(true, [], []);

    protected static MemberDelivery ToSectors(params string[] sectors) => new(false, sectors, []);

    protected static MemberDelivery ToMembers(params string[] members) => new(false, [], members);

    protected Task<SubmitOutcome> SubmitAsync(string member, NewItem item, string? requestId = null) =>
        Items.StoreSubmissionAsync(member, requestId ?? Guid.NewGuid().ToString(), item, CancellationToken.None);

    /// <summary>Stores an item as received from a peer (no submitting member), through a writer operation.</summary>
    protected Task<long> StoreReceivedAsync(NewItem item) =>
        Database.Writer.ExecuteAsync((connection, transaction) => Items.InsertItem(connection, transaction, item));
}
