using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>Row mapping for members and API keys. Tags are stored as a JSON array so their order is kept.</summary>
internal static class MemberSql
{
    public const string SelectMember =
        "SELECT member_id, name_ja, name_en, sector, tags, contact_email, created_at, disabled, disabled_at, disabled_reason, language FROM members";

    public const string SelectKey =
        "SELECT key_id, member_id, label, created_at, revoked_at, revoked_reason, sha256 FROM api_keys";

    public static MemberRecord? GetMember(SqliteConnection connection, SqliteTransaction? transaction, string memberId)
    {
        using var command = SqlHelpers.Command(connection, transaction, SelectMember + " WHERE member_id = $id");
        using var reader = command.With("$id", memberId).ExecuteReader();
        return reader.Read() ? ReadMember(reader) : null;
    }

    public static List<MemberRecord> ListMembers(SqliteConnection connection, bool includeDisabled)
    {
        using var command = SqlHelpers.Command(connection, null, SelectMember + (includeDisabled ? "" : " WHERE disabled = 0") + " ORDER BY member_id");
        using var reader = command.ExecuteReader();
        var members = new List<MemberRecord>();
        while (reader.Read())
        {
            members.Add(ReadMember(reader));
        }

        return members;
    }

    public static (ApiKeyRecord Key, byte[] Sha256)? GetKey(SqliteConnection connection, SqliteTransaction? transaction, string keyId)
    {
        using var command = SqlHelpers.Command(connection, transaction, SelectKey + " WHERE key_id = $id");
        using var reader = command.With("$id", keyId).ExecuteReader();
        return reader.Read() ? ReadKey(reader) : null;
    }

    public static List<(ApiKeyRecord Key, byte[] Sha256)> ListKeys(SqliteConnection connection, string? memberId)
    {
        using var command = SqlHelpers.Command(connection, null, SelectKey + (memberId is null ? "" : " WHERE member_id = $member") + " ORDER BY created_at, key_id");
        if (memberId is not null)
        {
            command.With("$member", memberId);
        }

        using var reader = command.ExecuteReader();
        var keys = new List<(ApiKeyRecord, byte[])>();
        while (reader.Read())
        {
            keys.Add(ReadKey(reader));
        }

        return keys;
    }

    public static string TagsToJson(IReadOnlyList<string> tags) => JsonSerializer.Serialize(tags);

    private static MemberRecord ReadMember(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        JsonSerializer.Deserialize<string[]>(reader.GetString(4)) ?? [],
        reader.GetString(5),
        SqlHelpers.FromUnixMs(reader.GetInt64(6)),
        reader.GetInt64(7) != 0,
        reader.GetTimeOrNull(8),
        reader.GetStringOrNull(9),
        reader.GetString(10));

    private static (ApiKeyRecord, byte[]) ReadKey(SqliteDataReader reader) => (
        new ApiKeyRecord(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            SqlHelpers.FromUnixMs(reader.GetInt64(3)),
            !reader.IsDBNull(4),
            reader.GetTimeOrNull(4),
            reader.GetStringOrNull(5)),
        reader.GetFieldValue<byte[]>(6));
}
