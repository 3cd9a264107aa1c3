using System.Globalization;

namespace Ceptoar.Benchmarks;

/// <summary>
/// Where this process's time went during a measured span, from Linux /proc (no profiler needed): CPU time of threads
/// by name, how often one thread (the node's SQLite writer) was seen running, waiting on disk or idle, and how busy the
/// whole machine was. Reports nothing (zeros, nulls) on systems without /proc.
/// </summary>
internal sealed class ThreadProfile : IDisposable
{
    /// <summary>The name of the sampling thread, whose own CPU time a caller may leave out.</summary>
    public const string SamplerThread = "bench-sampler";

    private readonly Dictionary<int, (string Name, long CpuNs)> _start;
    private readonly Thread? _sampler;
    private readonly Dictionary<char, long> _states = [];
    private readonly (long Busy, long Total)? _machineStart;
    private readonly ManualResetEventSlim _stop = new();

    private ThreadProfile(string watchedThreadPrefix)
    {
        _machineStart = MachineTicks();
        _start = Snapshot();
        var watched = _start.Where(t => t.Value.Name.StartsWith(watchedThreadPrefix, StringComparison.Ordinal)).Select(t => (int?)t.Key).FirstOrDefault();
        if (watched is { } tid)
        {
            _sampler = new Thread(() => Sample(tid)) { IsBackground = true, Name = SamplerThread };
            _sampler.Start();
        }
    }

    public static bool Available => Directory.Exists("/proc/self/task");

    /// <summary>Starts watching; the thread whose name starts with watchedThreadPrefix is sampled for its state about every millisecond.</summary>
    public static ThreadProfile Start(string watchedThreadPrefix) => new(watchedThreadPrefix);

    /// <summary>CPU seconds since the start of the threads whose names start with prefix ("" for the whole process).</summary>
    public double CpuSeconds(string prefix)
    {
        var total = 0L;
        foreach (var (tid, (name, cpu)) in Snapshot().Where(t => t.Value.Name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            total += cpu - (_start.TryGetValue(tid, out var s) && s.Name == name ? s.CpuNs : 0);
        }

        return total / 1e9;
    }

    /// <summary>Share of the whole machine's CPU time busy since the start, all processes (others compete on a shared machine).</summary>
    public double? MachineBusy() =>
        _machineStart is { } start && MachineTicks() is { } now && now.Total > start.Total
            ? (double)(now.Busy - start.Busy) / (now.Total - start.Total)
            : null;

    /// <summary>Shares of samples of the watched thread: R running or runnable, D waiting on disk, S sleeping (idle).</summary>
    public Dictionary<char, double> WatchedStates()
    {
        lock (_states)
        {
            var total = (double)Math.Max(1, _states.Values.Sum());
            return _states.ToDictionary(kv => kv.Key, kv => kv.Value / total);
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _sampler?.Join();
        _stop.Dispose();
    }

    private void Sample(int tid)
    {
        var path = $"/proc/self/task/{tid}/stat";
        while (!_stop.IsSet)
        {
            if (ReadStat(path) is { } stat)
            {
                // The state is the first field after the ")" that closes the thread name.
                var state = stat[stat.LastIndexOf(')') + 2];
                lock (_states)
                {
                    _states[state] = _states.GetValueOrDefault(state) + 1;
                }
            }

            // The sampling period (1 ms); the wait ends at once when the profile is disposed.
            _stop.Wait(1);
        }
    }

    private static Dictionary<int, (string Name, long CpuNs)> Snapshot()
    {
        var result = new Dictionary<int, (string, long)>();
        if (!Available)
        {
            return result;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            var tid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
            var name = ReadStat(Path.Combine(dir, "comm"))?.Trim();
            var schedstat = ReadStat(Path.Combine(dir, "schedstat"));
            if (name is not null && schedstat is not null)
            {
                // schedstat: nanoseconds on CPU, nanoseconds waiting for a CPU, timeslices.
                result[tid] = (name, long.Parse(schedstat.Split(' ')[0], CultureInfo.InvariantCulture));
            }
        }

        return result;
    }

    /// <summary>The "cpu" line of /proc/stat: busy and total ticks since boot (idle and iowait count as not busy).</summary>
    private static (long Busy, long Total)? MachineTicks()
    {
        var line = Available ? ReadStat("/proc/stat")?.Split('\n')[0] : null;
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
        {
            return null;
        }

        var ticks = line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var total = ticks.Take(8).Sum();
        return (total - ticks[3] - ticks[4], total);
    }

    private static string? ReadStat(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            // The thread ended between listing and reading.
            return null;
        }
    }
}
