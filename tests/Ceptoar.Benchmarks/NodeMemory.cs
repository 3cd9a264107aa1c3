using System.Globalization;

namespace Ceptoar.Benchmarks;

/// <summary>Resident memory of a process from Linux /proc: the peak since it started (VmHWM) and now (VmRSS), in MiB.</summary>
internal sealed record NodeMemory(double PeakMiB, double CurrentMiB)
{
    public static NodeMemory Read(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} does not exist: the node process {pid} has exited, or this is not Linux; the memory figures need both");
        }

        var lines = File.ReadAllLines(path);
        return new NodeMemory(Field(lines, "VmHWM:", path), Field(lines, "VmRSS:", path));
    }

    private static double Field(string[] lines, string name, string path)
    {
        // "VmHWM:	  123456 kB"
        var line = lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{path} has no {name} line; the memory figures need it");
        var kib = long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kib / 1024.0;
    }
}
