using System.Text;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;

namespace Ceptoar.AdminCli.Output;

/// <summary>A report written to the terminal, or with --output whole to a file (then moved into place, so no reader sees half of it).</summary>
internal static class DocumentOutput
{
    /// <param name="write">Writes the document: tables go to the CliOutput, text formats to the TextWriter (both the same target).</param>
    /// <param name="writtenFormat">The line said after writing a file, with {0} for its full path.</param>
    public static async Task WriteAsync(NodeCall call, string? file, Action<CliOutput, TextWriter> write, string writtenFormat)
    {
        if (file is null)
        {
            write(call.Output, call.Output.Writer);
            return;
        }

        var writer = new StringWriter();
        write(new CliOutput(writer), writer);
        var temporary = file + ".tmp";
        await File.WriteAllTextAsync(temporary, writer.ToString(), new UTF8Encoding(false), call.CancellationToken);
        File.Move(temporary, file, overwrite: true);
        call.Output.Line(Localized.Format(writtenFormat, Path.GetFullPath(file)));
    }
}
