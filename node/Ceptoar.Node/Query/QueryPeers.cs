using System.Text;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Grpc.Core;

namespace Ceptoar.Node.Query;

/// <summary>One peer's reply to a query: its response, or what became of the call when there is none.</summary>
internal sealed record PeerReply(string PeerId, QueryResponse? Response, NodeQueryStatus? Failure);

/// <summary>Sends a query to peers in parallel, each call bounded by the query's deadline; a failure is a status, never an exception.</summary>
internal static class QueryPeers
{
    public const string Answered = "answered";
    public const string Refused = "refused";
    public const string TimedOut = "timed_out";
    public const string Unreachable = "unreachable";

    public static Task<PeerReply[]> SendAsync(PeerChannels channels, IEnumerable<(string PeerId, string Endpoint)> peers, QueryRequest request, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        Task.WhenAll(peers.Select(p => SendOneAsync(channels, p.PeerId, p.Endpoint, request, deadline, cancellationToken)));

    private static async Task<PeerReply> SendOneAsync(PeerChannels channels, string peerId, string endpoint, QueryRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        try
        {
            using var channel = channels.Create(endpoint, peerId);
            var client = new FederationService.FederationServiceClient(channel);
            var response = await client.QueryAsync(request, deadline: deadline.UtcDateTime, cancellationToken: cancellationToken);
            return new PeerReply(peerId, response, null);
        }
        catch (RpcException e)
        {
            var status = e.StatusCode switch
            {
                StatusCode.DeadlineExceeded => TimedOut,
                StatusCode.Unavailable or StatusCode.Cancelled => Unreachable,
                _ => Refused,
            };
            return new PeerReply(peerId, null, Status(peerId, status, $"{e.StatusCode}: {e.Status.Detail}"));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            return new PeerReply(peerId, null, Status(peerId, Unreachable, e.Message));
        }
    }

    public static NodeQueryStatus Status(string nodeId, string status, string reason, uint items = 0) =>
        new() { NodeId = nodeId, Status = status, Reason = reason, Items = items };

    /// <summary>A one-line account of what was asked, for the audit log of both sides.</summary>
    public static string Summary(QuerySpec spec, QueryScope scope)
    {
        var text = new StringBuilder("scope=").Append(scope == QueryScope.Federation ? "federation" : "peers");
        if (spec.Kinds.Count > 0)
        {
            text.Append(" kinds=").AppendJoin(',', spec.Kinds);
        }

        if (spec.Labels.Count > 0)
        {
            text.Append(" labels=").AppendJoin(',', spec.Labels.Select(Core.Policy.TlpTransport.Name));
        }

        Append(text, "sector", spec.Sector);
        Append(text, "threat_type", spec.ThreatType);
        Append(text, "indicator", spec.Indicator);
        Append(text, "text", spec.Text);
        if (spec.CreatedFrom is not null)
        {
            text.Append(" from=").Append(spec.CreatedFrom.ToDateTimeOffset().ToString("O"));
        }

        if (spec.CreatedTo is not null)
        {
            text.Append(" to=").Append(spec.CreatedTo.ToDateTimeOffset().ToString("O"));
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, string name, string value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            text.Append(' ').Append(name).Append("=\"").Append(value.Length > 100 ? value[..100] : value).Append('"');
        }
    }
}
