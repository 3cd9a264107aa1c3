using System.Globalization;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Peers;

/// <summary>How peers and their live link state are shown to people.</summary>
internal static class PeerViews
{
    public static readonly IReadOnlyList<string> TableHeaders =
    [
        CommonText.Id, PeersText.EndpointHeader, PeersText.ConnectedHeader, PeersText.LastContactHeader, PeersText.OutboxHeader, PeersText.OldestHeader, PeersText.DeliveredHeader, PeersText.RejectedHeader, PeersText.LastErrorHeader, PeersText.NextAttemptHeader,
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
        yield return (CommonText.NodeId, peer.NodeId);
        yield return (PeersText.NameHeader, state?.NameEn);
        yield return (CommonText.Role, state?.Role);
        yield return (PeersText.EndpointHeader, peer.Endpoint);
        yield return (PeersText.AddedHeader, Formats.Time(peer.AddedAt));
        yield return (PeersText.ConnectedHeader, Connected(state));
        yield return (PeersText.LastContactHeader, Formats.Time(state?.LastContact));
        if (state is null)
        {
            yield break;
        }

        yield return (PeersText.OutboxHeader, Localized.Format(PeersText.ItemsWaiting, Formats.Number(state.OutboxDepth)) + (state.OutboxDepth > 0 ? Localized.Format(PeersText.OldestAge, Age(state.OldestSeconds)) : string.Empty));
        yield return (PeersText.DeliveredHeader, Formats.Number(state.Delivered));
        yield return (PeersText.RejectedHeader, Formats.Number(state.Rejected));
        yield return (PeersText.LastErrorHeader, state.LastError);
        if (!state.Connected)
        {
            yield return (PeersText.NextAttemptHeader, Formats.Time(state.NextAttempt));
        }
    }

    /// <summary>One line over all peers: how many links are up and how much is waiting.</summary>
    public static string Summary(IReadOnlyCollection<Peer> peers)
    {
        var connected = peers.Count(p => p.State?.Connected == true);
        var waiting = peers.Aggregate(0UL, (sum, p) => sum + (p.State?.OutboxDepth ?? 0));
        var noun = peers.Count == 1 ? PeersText.PeerSingular : PeersText.PeerPlural;
        return Localized.Format(PeersText.PeersSummary, connected, peers.Count, noun, Formats.Number(waiting));
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
        null => CommonText.Unknown,
        { Connected: true } => CommonText.Yes,
        _ => CommonText.No,
    };
}
