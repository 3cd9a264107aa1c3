namespace Ceptoar.Node.Federation.Directory;

/// <summary>Source-generated log events of node-to-node delivery (stable event ids). No item content is logged.</summary>
internal static partial class FederationLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Descriptor from {Source} dropped: {Problem}")]
    public static partial void DescriptorDropped(ILogger logger, string source, string problem);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Connected to peer {Peer}")]
    public static partial void Connected(ILogger logger, string peer);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Link to peer {Peer} failed ({Error}); next attempt in {DelayMs} ms")]
    public static partial void LinkFailed(ILogger logger, string peer, string error, long delayMs);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Peer connection refused ({Status}): {Reason}")]
    public static partial void PeerRefused(ILogger logger, string status, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Envelope {ItemId} from peer {Peer} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string itemId, string peer, string reason);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Batch of {Count} from {Peer}: {Accepted} accepted, {Duplicates} duplicates, {Rejected} rejected, {Retry} to retry")]
    public static partial void BatchDone(ILogger logger, int count, string peer, int accepted, int duplicates, int rejected, int retry);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Item {ItemId} cannot be sealed to {NodeId}: its descriptor is not known yet")]
    public static partial void UnknownRecipient(ILogger logger, string itemId, string nodeId);
}
