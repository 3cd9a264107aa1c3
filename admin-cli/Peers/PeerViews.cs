using System.Globalization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Peers;

/// <summary>How peers and their live link state are shown to people.</summary>
internal static class PeerViews
{
    public static readonly IReadOnlyList<string> TableHeaders =
    [
        "Id", "Endpoint", "Connected", "Last contact", "Outbox", "Oldest", "Delivered", "Rejected", "Last error", "Next attempt",
    ];

    public static IReadOnlyList<string?> TableRow(Peer peer)
    {
        var state = peer.State;
        return
        [
            peer.NodeId,
            peer.Endpoint,
            Connected(state),
            Formats.Time(state?.LastContact),
            state is null ? string.Empty : Formats.Number(state.OutboxDepth),
            state is { OutboxDepth: > 0 } ? Age(state.OldestSeconds) : string.Empty,
            state is null ? string.Empty : Formats.Number(state.Delivered),
            state is null ? string.Empty : Formats.Number(state.Rejected),
            state?.LastError ?? string.Empty,
            state is { Connected: false } ? Formats.Time(state.NextAttempt) : string.Empty,
        ];
    }

    /// <summary>Every field of one peer, for `peers status`.</summary>
    public static IEnumerable<(string, string?)> Fields(Peer peer)
    {
        var state = peer.State;
        yield return ("Node id", peer.NodeId);
        yield return ("Name", state?.NameEn);
        yield return ("Role", state?.Role);
        yield return ("Endpoint", peer.Endpoint);
        yield return ("Added", Formats.Time(peer.AddedAt));
        yield return ("Connected", Connected(state));
        yield return ("Last contact", Formats.Time(state?.LastContact));
        if (state is null)
        {
            yield break;
        }

        yield return ("Outbox", $"{Formats.Number(state.OutboxDepth)} items waiting" + (state.OutboxDepth > 0 ? $", oldest {Age(state.OldestSeconds)}" : string.Empty));
        yield return ("Delivered", Formats.Number(state.Delivered));
        yield return ("Rejected", Formats.Number(state.Rejected));
        yield return ("Last error", state.LastError);
        if (!state.Connected)
        {
            yield return ("Next attempt", Formats.Time(state.NextAttempt));
        }
    }

    /// <summary>One line over all peers: how many links are up and how much is waiting.</summary>
    public static string Summary(IReadOnlyCollection<Peer> peers)
    {
        var connected = peers.Count(p => p.State?.Connected == true);
        var waiting = peers.Aggregate(0UL, (sum, p) => sum + (p.State?.OutboxDepth ?? 0));
        var noun = peers.Count == 1 ? "peer" : "peers";
        return $"{connected} of {peers.Count} {noun} connected; {Formats.Number(waiting)} items waiting in outboxes.";
    }

    /// <summary>An age in the largest two units that matter: "42 s", "4 min 05 s", "2 h 10 min", "3 d 04 h".</summary>
    public static string Age(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0)
        {
            return string.Empty;
        }

        var span = TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds - 1));
        return span switch
        {
            { TotalSeconds: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds} s"),
            { TotalMinutes: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min {span.Seconds:00} s"),
            { TotalHours: < 24 } => string.Create(CultureInfo.InvariantCulture, $"{span.Hours} h {span.Minutes:00} min"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalDays} d {span.Hours:00} h"),
        };
    }

    private static string Connected(PeerState? state) => state switch
    {
        null => "unknown",
        { Connected: true } => "yes",
        _ => "no",
    };
}
