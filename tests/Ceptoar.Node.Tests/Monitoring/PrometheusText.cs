using System.Globalization;
using System.Text;

namespace Ceptoar.Node.Tests.Monitoring;

/// <summary>One scrape of /metrics, read as Prometheus reads the text format (version 0.0.4): families and samples.</summary>
internal sealed class PrometheusText
{
    private PrometheusText(string text, IReadOnlyDictionary<string, string> families, IReadOnlyList<Sample> samples)
    {
        Text = text;
        Families = families;
        Samples = samples;
    }

    /// <summary>The scrape as received.</summary>
    public string Text { get; }

    /// <summary>Each family's name (from its # TYPE line) and type.</summary>
    public IReadOnlyDictionary<string, string> Families { get; }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>Fetches GET /metrics from a node's monitoring listener and parses it.</summary>
    public static async Task<PrometheusText> ScrapeAsync(HttpClient http, string monitoringEndpoint)
    {
        using var response = await http.GetAsync(new Uri(new Uri(monitoringEndpoint), "/metrics"));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET /metrics answered {(int)response.StatusCode}: {text}");
        }

        return Parse(text);
    }

    public static PrometheusText Parse(string text)
    {
        var families = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                families[parts[2]] = parts[3];
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                samples.Add(ParseSample(line));
            }
        }

        return new PrometheusText(text, families, samples);
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include every one given; 0 when none.</summary>
    public double Value(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    /// <summary>Whether some sample has this name.</summary>
    public bool Has(string name) => Samples.Any(s => s.Name == name);

    private static Sample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var key = line[i..eq];
                i = eq + 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                labels[key] = value.ToString();
                i++;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        var rest = line[i..].Trim().Split(' ');
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, number);
    }

    /// <summary>One sample line: metric name, labels, value.</summary>
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
