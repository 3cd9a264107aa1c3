using System.Collections.Concurrent;
using System.Globalization;
using Ceptoar.Node.Api;
using Ceptoar.Node.Storage;
using Grpc.Core;

namespace Ceptoar.Node.Members;

/// <summary>
/// The member streams open now, by key and member: revoking a key or disabling a member ends its open streams at once,
/// with the status a new call would get, and audits each end.
/// </summary>
internal sealed class MemberStreams(MemberStore members, AuditLog audit, ILogger<MemberStreams> logger)
{
    private readonly LiveCalls<MemberPrincipal> _open = new();
    private readonly ConcurrentDictionary<FeedPosition, byte> _positions = new();

    /// <summary>Follows an open feed's position from <paramref name="cursor"/> until disposed, for the feed lag gauge.</summary>
    public FeedPosition Follow(long cursor)
    {
        var position = new FeedPosition(cursor, p => _positions.TryRemove(p, out _));
        _positions[position] = 0;
        return position;
    }

    /// <summary>
    /// How many stored items (store sequence numbers up to <paramref name="newest"/>) the slowest open feed has not yet
    /// examined; 0 when none is open (docs/OPERATIONS.md §4). Read at scrape time from memory.
    /// </summary>
    public long SlowestLag(long newest)
    {
        long lag = 0;
        foreach (var position in _positions.Keys)
        {
            lag = Math.Max(lag, newest - position.Examined);
        }

        return lag;
    }

    /// <summary>Registers an open stream; check its standing after this, then before every write.</summary>
    public LiveCall<MemberPrincipal> Open(MemberPrincipal member) => _open.Open(member);

    /// <summary>Wakes the open streams of a key (call after the revocation committed).</summary>
    public Task<int> EndKeyAsync(string keyId) => _open.WakeAsync(m => m.Key.KeyId == keyId);

    /// <summary>Wakes the open streams of a member, whichever key they use (call after the member was disabled).</summary>
    public Task<int> EndMemberAsync(string memberId) => _open.WakeAsync(m => m.Member.MemberId == memberId);

    /// <summary>
    /// Returns if the stream's key and member still stand as committed now; otherwise audits the end of the stream (who,
    /// which key, why) and throws the status a new call would get.
    /// </summary>
    public async Task EnsureStandingAsync(MemberPrincipal member, ServerCallContext context)
    {
        var current = members.Current(member.Key.KeyId);
        if ((current is null ? MemberRefusals.UnknownKey(member.Key.KeyId) : MemberRefusals.Of(current)) is not { } refusal)
        {
            return;
        }

        var why = current?.Key.RevokedReason ?? current?.Member.DisabledReason;
        var detail = $"open stream with API key {member.Key.KeyId} ended: {refusal.Detail}{(string.IsNullOrEmpty(why) ? "" : $" ({why})")}";
        MemberStreamLog.Ended(logger, member.Actor, detail, context.Method);
        await audit.AppendAsync(new AuditRecord(member.Actor, "call.end", context.Method, "denied", detail));
        throw refusal.Error;
    }
}

/// <summary>How far one open member feed has examined the store: items up to this sequence number were sent or are not for it.</summary>
internal sealed class FeedPosition(long start, Action<FeedPosition> remove) : IDisposable
{
    private long _examined = start;

    public long Examined
    {
        get => Interlocked.Read(ref _examined);
        set => Interlocked.Exchange(ref _examined, value);
    }

    public void Dispose() => remove(this);
}

/// <summary>
/// Why a member's key may not call (any more): the status and message it gets, in the call's language, the detail for
/// the audit log, in English, and its stable reason (Api/ErrorReasons) for the refusal metrics.
/// </summary>
internal sealed record MemberRefusal(RpcException Error, string Detail, string Reason);

/// <summary>The refusals of a known key, the same for a new call and for a stream that was open when the key or member changed.</summary>
internal static class MemberRefusals
{
    /// <summary>Null while the key is active and its member enabled.</summary>
    public static MemberRefusal? Of(ApiKeyLookup lookup)
    {
        if (lookup.Key.Revoked)
        {
            return new MemberRefusal(
                GrpcErrors.Unauthenticated(ErrorReasons.ApiKeyRevoked, string.Format(CultureInfo.InvariantCulture, MembersText.KeyRevoked, lookup.Key.KeyId, lookup.Key.RevokedAt)),
                $"revoked API key {lookup.Key.KeyId}",
                ErrorReasons.ApiKeyRevoked);
        }

        if (lookup.Member.Disabled)
        {
            return new MemberRefusal(
                GrpcErrors.PermissionDenied(ErrorReasons.MemberDisabled, string.Format(CultureInfo.InvariantCulture, MembersText.MemberDisabled, lookup.Member.MemberId)),
                "member disabled",
                ErrorReasons.MemberDisabled);
        }

        return null;
    }

    /// <summary>A key that was authenticated but is no longer known (its member is gone).</summary>
    public static MemberRefusal UnknownKey(string keyId) => new(
        GrpcErrors.Unauthenticated(ErrorReasons.ApiKeyUnknown, string.Format(CultureInfo.InvariantCulture, MembersText.KeyNoLongerKnown, keyId)),
        $"unknown API key {keyId}",
        ErrorReasons.ApiKeyUnknown);
}

/// <summary>Source-generated log events of open member streams (stable event ids).</summary>
internal static partial class MemberStreamLog
{
    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Open member call {Method} of {Actor} ended: {Detail}")]
    public static partial void Ended(ILogger logger, string actor, string detail, string method);
}
