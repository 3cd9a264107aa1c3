using Ceptoar.Testing;

namespace Ceptoar.Benchmarks;

/// <summary>
/// `--metrics on`: scrapes GET /metrics of every node the benchmark started once a second, as Prometheus would, for the
/// whole run, so the figures include both recording and exporting (docs/OPERATIONS.md §4).
/// </summary>
internal sealed class MetricsScraper : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private long _scrapes;
    private long _failures;

    private MetricsScraper() => _run = RunAsync();

    /// <summary>Scrapes answered 200.</summary>
    public long Scrapes => Interlocked.Read(ref _scrapes);

    /// <summary>Scrapes that failed (a node stopping or restarting between the list and the request).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public static MetricsScraper Start() => new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _http.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            await Task.WhenAll(ScrapedNodes.Endpoints().Select(ScrapeAsync));
        }
    }

    private async Task ScrapeAsync(string endpoint)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(new Uri(endpoint), "/metrics"), HttpCompletionOption.ResponseContentRead, _stop.Token);
            Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _scrapes : ref _failures);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref _failures);
        }
    }
}
