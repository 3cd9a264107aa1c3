using Ceptoar.Federation.V1;
using Ceptoar.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ceptoar.Benchmarks;

/// <summary>
/// Many members, each with its own API key and its own Subscribe stream at one node, spread over a few TLS channels
/// (a channel opens more HTTP/2 connections when one is full of streams, as member systems on one host would). Each
/// arrival's time is kept; an optional reaction runs on the member's own key right after each arrival (an acknowledgement).
/// </summary>
internal sealed class Subscribers : IDisposable
{
    private const int StreamsPerChannel = 200;
    private readonly List<GrpcChannel> _channels = [];
    private readonly List<string>[] _received;
    private readonly List<long>[] _arrivedAt;
    private readonly Func<MemberService.MemberServiceClient, Metadata, MemberItem, Task>? _onItem;
    private readonly Task[] _reading;
    private int _opened;

    /// <param name="onItem">Run on each item as it arrives, with the member's client and credentials; the stream reads on after it.</param>
    public Subscribers(RunningNode node, IReadOnlyList<string> apiKeys, ulong afterCursor, CancellationToken stop,
        Func<MemberService.MemberServiceClient, Metadata, MemberItem, Task>? onItem = null)
    {
        _onItem = onItem;
        _received = [.. apiKeys.Select(_ => new List<string>())];
        _arrivedAt = [.. apiKeys.Select(_ => new List<long>())];
        _reading = new Task[apiKeys.Count];
        for (var i = 0; i < apiKeys.Count; i++)
        {
            if (i % StreamsPerChannel == 0)
            {
                _channels.Add(Clients.MemberChannel(node.Ready.MemberEndpoint!, node.Root, apiKey: null));
            }

            var client = new MemberService.MemberServiceClient(_channels[^1]);
            _reading[i] = ReadAsync(client, apiKeys[i], afterCursor, i, stop);
        }
    }

    /// <summary>Waits until the node has answered every Subscribe with its headers: every subscription is registered.</summary>
    public Task WaitUntilOpenAsync(TimeSpan deadline) => Until.TrueAsync(() =>
    {
        if (_reading.FirstOrDefault(t => t.IsCompleted) is { } ended)
        {
            throw new InvalidOperationException($"a subscriber's stream ended before it opened: {ended.Exception?.GetBaseException().Message ?? "the node closed it"}");
        }

        return Task.FromResult(Volatile.Read(ref _opened) == _reading.Length);
    }, deadline, $"the node opened all {_reading.Length} Subscribe streams");

    /// <summary>Waits until every subscriber received as many items as expected, then requires each to hold exactly those, once each.</summary>
    public async Task WaitForAsync(IReadOnlySet<string> expected, TimeSpan deadline)
    {
        await Until.TrueAsync(() =>
        {
            if (_reading.FirstOrDefault(t => t.IsCompleted) is { } ended)
            {
                throw new InvalidOperationException($"a subscriber's stream ended early: {ended.Exception?.GetBaseException().Message ?? "the node closed it"}");
            }

            return Task.FromResult(_received.All(r => Count(r) >= expected.Count));
        }, deadline, $"each of {_received.Length} subscribers received the {expected.Count} items sent to all");

        for (var i = 0; i < _received.Length; i++)
        {
            List<string> mine;
            lock (_received[i])
            {
                mine = [.. _received[i]];
            }

            if (mine.Count != expected.Count || !expected.SetEquals(mine))
            {
                throw new InvalidOperationException(
                    $"subscriber {i} received {mine.Count} items ({mine.Distinct().Count()} distinct, {mine.Count(expected.Contains)} of those sent) where the {expected.Count} sent were due once each: " +
                    "a member feed must carry each item exactly once; the memory figure is void");
            }
        }
    }

    /// <summary>How many subscribers hold the item.</summary>
    public int CountHaving(string itemId) => _received.Count(r =>
    {
        lock (r)
        {
            return r.Contains(itemId);
        }
    });

    /// <summary>When the item arrived at each subscriber that holds it (Stopwatch timestamps).</summary>
    public IReadOnlyList<long> ArrivalsOf(string itemId)
    {
        var arrivals = new List<long>();
        for (var i = 0; i < _received.Length; i++)
        {
            lock (_received[i])
            {
                var at = _received[i].IndexOf(itemId);
                if (at >= 0)
                {
                    arrivals.Add(_arrivedAt[i][at]);
                }
            }
        }

        return arrivals;
    }

    /// <summary>Throws when a stream ended before the stop token was cancelled (its reaction failed, or the node closed it).</summary>
    public void ThrowIfAnyEnded()
    {
        if (_reading.FirstOrDefault(t => t.IsCompleted) is { } ended)
        {
            throw new InvalidOperationException($"a subscriber's stream ended early: {ended.Exception?.GetBaseException().Message ?? "the node closed it"}");
        }
    }

    /// <summary>Waits for every stream to end after the stop token was cancelled.</summary>
    public Task StopAsync() => Task.WhenAll(_reading);

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    private static int Count(List<string> received)
    {
        lock (received)
        {
            return received.Count;
        }
    }

    private async Task ReadAsync(MemberService.MemberServiceClient client, string apiKey, ulong afterCursor, int index, CancellationToken stop)
    {
        var received = _received[index];
        var headers = new Metadata { { "authorization", "Bearer " + apiKey } };
        using var stream = client.Subscribe(new SubscribeRequest { AfterCursor = afterCursor }, headers, cancellationToken: stop);
        try
        {
            // The node sends headers as soon as the subscription is registered, before any item.
            await stream.ResponseHeadersAsync;
            Interlocked.Increment(ref _opened);
            while (await stream.ResponseStream.MoveNext(stop))
            {
                var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
                var item = stream.ResponseStream.Current;
                lock (received)
                {
                    received.Add(item.Item.Id);
                    _arrivedAt[index].Add(arrived);
                }

                if (_onItem is not null)
                {
                    await _onItem(client, headers, item);
                }
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
        {
            // The benchmark ended the subscription.
        }
    }
}
