using Ceptoar.AdminCli.Localization;
using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ceptoar.AdminCli.Output;

/// <summary>Writes a command's result to its output writer: Spectre.Console tables for people, JSON for scripts.</summary>
internal sealed class CliOutput
{
    // Captured or piped output has no terminal width; wide enough that ids and titles are not wrapped mid-word.
    private const int RedirectedWidth = 200;

    private static readonly JsonFormatter Formatter = new(
        JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithIndentation("  "));

    private readonly Lazy<IAnsiConsole> _console;

    public CliOutput(TextWriter writer)
    {
        Writer = writer;
        _console = new Lazy<IAnsiConsole>(() => CreateConsole(writer));
    }

    public TextWriter Writer { get; }

    /// <summary>True when the output is the process's own terminal (live displays draw there; elsewhere a command prints lines).</summary>
    public bool IsTerminal => ReferenceEquals(Writer, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>The Spectre console over the writer, for live displays.</summary>
    public IAnsiConsole AnsiConsole => _console.Value;

    /// <summary>One protobuf message as a JSON document (proto3 JSON mapping: camelCase names, enum names, RFC 3339 times).</summary>
    public void Json(IMessage message) => Writer.WriteLine(Formatter.Format(message));

    public void Write(IRenderable renderable) => _console.Value.Write(renderable);

    public void Line(string text = "") => Writer.WriteLine(text);

    /// <summary>A two-column "field / value" table, for one record.</summary>
    public void Fields(IEnumerable<(string Name, string? Value)> fields)
    {
        var table = new Table().AddColumn(CommonText.Field).AddColumn(CommonText.Value);
        foreach (var (name, value) in fields)
        {
            table.AddRow(new Text(name), new Text(value ?? string.Empty));
        }

        Write(table);
    }

    /// <summary>A table with the given headers; cells are plain text (never parsed as Spectre markup: they come from the node).</summary>
    public void Rows(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var table = new Table();
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell ?? string.Empty)));
        }

        Write(table);
    }

    private static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var isTerminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = Spectre.Console.AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!isTerminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
