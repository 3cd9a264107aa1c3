using System.Diagnostics;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>Counts the answers of a fuzz run and keeps every answer the node must never give, with the input that caused it.</summary>
internal sealed class HostileInputTally
{
    private readonly SortedDictionary<string, int> _histogram = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public HostileInputTally(string run)
    {
        Run = run;
    }

    public string Run { get; }

    public int Cases { get; private set; }

    /// <summary>Each entry: what was sent and the bad answer. Must stay empty.</summary>
    public List<string> Findings { get; } = [];

    public static int CaseCount(int defaultCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("CEPTOAR_FUZZ_CASES"), out var n) && n > 0 ? n : defaultCount;

    /// <summary>A fixed seed, or CEPTOAR_FUZZ_SEED to replay or vary a run; the summary line prints it.</summary>
    public static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("CEPTOAR_FUZZ_SEED"), out var s) ? s : 20_140_501;

    /// <summary>Counts an answer; a variant of the same input (e.g. "gzip") is counted under its own name.</summary>
    public void Count(string answer, string variant = "")
    {
        Cases++;
        var key = variant.Length == 0 ? answer : $"{variant}:{answer}";
        _histogram[key] = _histogram.GetValueOrDefault(key) + 1;
    }

    /// <summary>The first input that did not parse as the request message and got Unknown (see Status).</summary>
    public string? UnparseableExample { get; private set; }

    /// <summary>
    /// Counts a gRPC status. Internal and Unknown mean an unhandled exception in the node and become findings, including
    /// for a request body that is not valid protobuf: the node answers those InvalidArgument (its message gate parses
    /// unary requests before grpc-dotnet would answer "Unknown"; the exchange handler does the same for batches).
    /// </summary>
    public void Status(StatusCode code, string detail, string input, bool requestParses = true, string variant = "")
    {
        Count(code.ToString(), variant);
        if (code is StatusCode.Internal or StatusCode.Unknown)
        {
            UnparseableExample ??= requestParses ? null : input;
            Finding($"{code} \"{detail}\" for {(requestParses ? "" : "an unparseable request ")}{input}");
        }
    }

    public void Finding(string what)
    {
        // A handful is enough to reproduce; a flood would only bury the first one.
        if (Findings.Count < 20)
        {
            Findings.Add(what);
        }
    }

    /// <summary>How often the answer was counted, over every variant.</summary>
    public int Of(string answer) => _histogram.Where(kv => kv.Key == answer || kv.Key.EndsWith(":" + answer, StringComparison.Ordinal)).Sum(kv => kv.Value);

    /// <summary>A finding when a variant of an input (its gzip-compressed request) was answered otherwise than the input itself.</summary>
    public void Same(string variant, string variantAnswer, string plainAnswer, string input)
    {
        if (variantAnswer != plainAnswer)
        {
            Finding($"{variant} got {variantAnswer} but uncompressed got {plainAnswer} for {input}");
        }
    }

    public string Summary(int seed) =>
        $"{Run}: {Cases} cases, seed {seed}, {_clock.Elapsed.TotalSeconds:0.0} s, " +
        string.Join(", ", _histogram.Select(kv => $"{kv.Key}={kv.Value}")) + $", findings={Findings.Count}" +
        (UnparseableExample is null ? "" : $"; Unknown for a body that is not valid protobuf, e.g. {UnparseableExample}");
}
