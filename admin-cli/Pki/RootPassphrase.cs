using System.CommandLine;
using System.Text;

namespace Ceptoar.AdminCli.Pki;

/// <summary>
/// The passphrase that encrypts the federation root's private key: read from --passphrase-file, or typed on the
/// terminal without echo. Without a terminal nothing is asked: a script must say which it wants.
/// </summary>
internal static class RootPassphrase
{
    /// <summary>Shortest passphrase accepted for a new root key: a few random words, not a PIN.</summary>
    public const int MinLength = 12;

    private const string FileHelp = "--passphrase-file FILE (its first line is the passphrase)";

    public static Option<string?> FileOption(string description) => new("--passphrase-file") { Description = description, HelpName = "FILE" };

    public static Option<bool> NoPassphraseOption() => new("--no-passphrase")
    {
        Description = "Write the root key unencrypted (samples and tests only: whoever reads the file can certify nodes).",
    };

    /// <summary>The passphrase for a new root key, or null when --no-passphrase asks for an unencrypted one.</summary>
    public static string? ForNewKey(string? file, bool noPassphrase, TextWriter prompts)
    {
        if (file is not null && noPassphrase)
        {
            throw new ArgumentException("give either --passphrase-file or --no-passphrase, not both");
        }

        if (noPassphrase)
        {
            return null;
        }

        string passphrase;
        if (file is not null)
        {
            passphrase = FromFile(file);
        }
        else if (Console.IsInputRedirected)
        {
            throw new ArgumentException(
                $"the root key is encrypted with a passphrase, and there is no terminal to ask for it: give {FileHelp}, "
                + "run the command on a terminal to type it, or pass --no-passphrase to write the key unencrypted (samples and tests only)");
        }
        else
        {
            passphrase = Prompt("Passphrase for the new root key: ", prompts);
            if (Prompt("The same passphrase again: ", prompts) != passphrase)
            {
                throw new ArgumentException("the two passphrases differ: run the command again and type the same passphrase twice");
            }
        }

        return passphrase.Length >= MinLength
            ? passphrase
            : throw new ArgumentException(
                $"the passphrase has {passphrase.Length} characters: use at least {MinLength} (a few random words are easy to type and hard to guess)");
    }

    /// <summary>Gives the passphrase of an existing root key, read or asked only if the key turns out to be encrypted.</summary>
    public static Func<string> ForExistingKey(string? file, string keyPath, TextWriter prompts) => () =>
    {
        if (file is not null)
        {
            return FromFile(file);
        }

        return Console.IsInputRedirected
            ? throw new ArgumentException($"{keyPath} is encrypted with a passphrase, and there is no terminal to ask for it: give {FileHelp}")
            : Prompt($"Passphrase of {keyPath}: ", prompts);
    };

    private static string FromFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"--passphrase-file {path} cannot be read ({e.Message}): check the path and its permissions", e);
        }

        // The first line, as `echo phrase > FILE` writes it; a passphrase never ends in a line break.
        var end = text.IndexOfAny(['\r', '\n']);
        var passphrase = end < 0 ? text : text[..end];
        return passphrase.Length > 0
            ? passphrase
            : throw new ArgumentException($"--passphrase-file {path} has no passphrase on its first line: write the passphrase there");
    }

    /// <summary>Reads a line from the terminal without echoing it.</summary>
    private static string Prompt(string prompt, TextWriter prompts)
    {
        prompts.Write(prompt);
        prompts.Flush();
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        prompts.WriteLine();
        return text.ToString();
    }
}
