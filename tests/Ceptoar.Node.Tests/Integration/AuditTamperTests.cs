using Ceptoar.AdminCli;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>Editing the audit log behind the node's back is found by `ceptoar-admin audit verify`, which names the entry.</summary>
public sealed class AuditTamperTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;

    private string DataDir => _dir.Combine("data");

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, "bank-ceptoar", DataDir);
        for (var i = 0; i < 5; i++)
        {
            await _node.AddMemberWithKeyAsync($"audited-{i}");
        }
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task AuditVerify_Untouched_ExitZero()
    {
        var (code, output, error) = await RunCliAsync("audit", "verify", "--data-dir", DataDir);

        Assert.True(code == 0, error);
        Assert.Contains("intact", output);
    }

    [Fact]
    public async Task AuditVerify_OneRowEditedInTheFile_FailsAndNamesTheEntry()
    {
        long tampered;
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "node.db")};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "SELECT group_concat('DROP TRIGGER ' || name || ';', ' ') FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'", out var drops);
            Execute(connection, (string)drops!, out _);
            Execute(connection, "SELECT seq FROM audit ORDER BY seq LIMIT 1 OFFSET 3", out var seq);
            tampered = (long)seq!;
            Execute(connection, $"UPDATE audit SET detail = 'nothing happened here' WHERE seq = {tampered}", out _);
        }

        var (code, output, error) = await RunCliAsync("audit", "verify", "--data-dir", DataDir);

        Assert.Equal(3, code);
        Assert.Contains($"entry {tampered}", output + error);
    }

    [Fact]
    public async Task AuditUpdate_WithTriggersInPlace_RefusedByTheDatabase()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "node.db")};Pooling=False");
        connection.Open();

        var error = Assert.Throws<SqliteException>(() => Execute(connection, "UPDATE audit SET detail = 'x'", out _));

        Assert.Contains("append-only", error.Message);
        var (code, _, _) = await RunCliAsync("audit", "verify", "--data-dir", DataDir);
        Assert.Equal(0, code);
    }

    private static void Execute(SqliteConnection connection, string sql, out object? scalar)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        scalar = command.ExecuteScalar();
    }

    private static async Task<(int Code, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
