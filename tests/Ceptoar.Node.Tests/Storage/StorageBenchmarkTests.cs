using Xunit.Abstractions;

namespace Ceptoar.Node.Tests.Storage;

/// <summary>Timing-sensitive: runs alone so other tests' fsyncs do not distort the figures.</summary>
[CollectionDefinition(nameof(StorageBenchmarkCollection), DisableParallelization = true)]
public sealed class StorageBenchmarkCollection;

/// <summary>Prints figures (never asserts timing). Set CEPTOAR_STORAGE_BENCH_ITEMS for a longer run.</summary>
[Collection(nameof(StorageBenchmarkCollection))]
public sealed class StorageBenchmarkTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ceptoar-storage-tests", Guid.NewGuid().ToString("N"));

    public StorageBenchmarkTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_directory);
    }

    [Theory]
    [InlineData("FULL")]
    [InlineData("NORMAL")]
    public async Task RunAsync_64ConcurrentSubmitters_StoresEveryItemAndReportsRates(string synchronous)
    {
        var items = int.TryParse(Environment.GetEnvironmentVariable("CEPTOAR_STORAGE_BENCH_ITEMS"), out var n) ? n : 2000;

        var result = await StorageBenchmark.RunAsync(_directory, items, concurrency: 64, synchronous);

        _output.WriteLine(
            $"synchronous={result.Synchronous} items={result.Items} concurrency={result.Concurrency} envelope={result.EnvelopeBytes}B: " +
            $"{result.SubmissionsPerSecond:F0} submissions/s in {result.WriteElapsed.TotalSeconds:F2}s, " +
            $"{result.Transactions} transactions ({result.OperationsPerTransaction:F1} ops/tx); " +
            $"{result.ReadsPerSecond:F0} GetForMember reads/s");
        Assert.Equal(items, result.Items);
        Assert.InRange(result.Transactions, 1, items);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
