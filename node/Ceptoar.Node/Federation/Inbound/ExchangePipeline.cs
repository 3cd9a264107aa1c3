using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Ceptoar.Federation.Frames.V1;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Federation.Inbound;

/// <summary>
/// The receiving side of one exchange stream: checks the next batch (verify on all cores) while the writer commits the
/// ones before it, so neither waits for the other; acknowledges strictly in order, each batch only after its own
/// durable commit. At most MaxInFlight batches are committed but not yet acknowledged.
/// </summary>
internal static class ExchangePipeline
{
    /// <summary>Enough to keep the writer busy while the next batch is checked; bounds what one peer can make the node hold.</summary>
    public const int MaxInFlight = 3;

    public static async Task RunAsync(
        string peer, InboundProcessor inbound, IAsyncStreamReader<BatchFrame> requests, IServerStreamWriter<BatchAck> responses, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var commits = Channel.CreateBounded<Task<BatchAck>>(new BoundedChannelOptions(MaxInFlight) { SingleReader = true, SingleWriter = true });
        var acknowledging = AcknowledgeAsync(commits.Reader, responses, stop);
        Exception? readError = null;
        try
        {
            // The server-side reader checks its token only when a read starts, so the wait itself is what gets cancelled.
            while (await requests.MoveNext(CancellationToken.None).WaitAsync(stop.Token))
            {
                var prepared = await inbound.PrepareAsync(peer, requests.Current, stop.Token);
                if (!await commits.Writer.WaitToWriteAsync(stop.Token))
                {
                    break;
                }

                // Queued to the writer now, in the order the batches arrived; acknowledged by the loop below after commit.
                commits.Writer.TryWrite(inbound.CommitAsync(prepared, stop.Token));
            }
        }
        catch (Exception e)
        {
            readError = e;
        }

        commits.Writer.TryComplete();
        if (readError is null)
        {
            await acknowledging;
            return;
        }

        try
        {
            // Batches already committed are still acknowledged before the stream ends, so the peer need not resend them.
            await acknowledging;
        }
        catch (Exception ackError) when (readError is OperationCanceledException)
        {
            // The read stopped because acknowledging failed: that failure is the one to report.
            ExceptionDispatchInfo.Throw(ackError);
        }
        catch (Exception)
        {
            // The read error below is the cause; an acknowledgement that could not be written after it adds nothing.
        }

        ExceptionDispatchInfo.Throw(readError);
    }

    private static async Task AcknowledgeAsync(ChannelReader<Task<BatchAck>> commits, IServerStreamWriter<BatchAck> responses, CancellationTokenSource stop)
    {
        try
        {
            while (await commits.WaitToReadAsync(CancellationToken.None))
            {
                while (commits.TryRead(out var commit))
                {
                    var ack = await commit;
                    await responses.WriteAsync(ack, stop.Token);
                }
            }
        }
        catch (Exception)
        {
            // Stop reading: no later batch may be acknowledged before this one.
            await stop.CancelAsync();
            throw;
        }
    }
}
