using System.CommandLine;
using System.Text;
using Ceptoar.AdminCli.Localization;

namespace Ceptoar.AdminCli.Pki;

/// <summary>
/// The passphrase that encrypts the federation root's private key: read from --passphrase-file, or typed on the
/// terminal without echo. Without a terminal nothing is asked: a script must say which it wants.
/// </summary>
internal static class RootPassphrase
{
    /// <summary>Shortest passphrase accepted for a new root key: a few random words, not a PIN.</summary>
    public const int MinLength = 12;

    private static string FileHelp => PkiText.PassphraseFileHelp;

    public static Option<string?> FileOption(string description) => new("--passphrase-file") { Description = description, HelpName = "FILE" };

    public static Option<bool> NoPassphraseOption() => new("--no-passphrase")
    {
        Description = PkiText.NoPassphraseDescription,
    };

    /// <summary>The passphrase for a new root key, or null when --no-passphrase asks for an unencrypted one.</summary>
    public static string? ForNewKey(string? file, bool noPassphrase, TextWriter prompts)
    {
        if (file is not null && noPassphrase)
        {
            throw new ArgumentException(PkiText.PassphraseBoth);
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
                Localized.Format(PkiText.NoTerminalNewKey, FileHelp));
        }
        else
        {
            passphrase = Prompt(PkiText.NewPassphrasePrompt, prompts);
            if (Prompt(PkiText.RepeatPassphrasePrompt, prompts) != passphrase)
            {
                throw new ArgumentException(PkiText.PassphrasesDiffer);
            }
        }

        return passphrase.Length >= MinLength
            ? passphrase
            : throw new ArgumentException(
                Localized.Format(PkiText.PassphraseTooShort, passphrase.Length, MinLength));
    }

    /// <summary>Gives the passphrase of an existing root key, read or asked only if the key turns out to be encrypted.</summary>
    public static Func<string> ForExistingKey(string? file, string keyPath, TextWriter prompts) => () =>
    {
        if (file is not null)
        {
            return FromFile(file);
        }

        return Console.IsInputRedirected
            ? throw new ArgumentException(Localized.Format(PkiText.NoTerminalExistingKey, keyPath, FileHelp))
            : Prompt(Localized.Format(PkiText.PassphraseOfPrompt, keyPath), prompts);
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
            throw new InvalidOperationException(Localized.Format(PkiText.PassphraseFileUnreadable, path, e.Message), e);
        }

        // The first line, as `echo phrase > FILE` writes it; a passphrase never ends in a line break.
        var end = text.IndexOfAny(['\r', '\n']);
        var passphrase = end < 0 ? text : text[..end];
        return passphrase.Length > 0
            ? passphrase
            : throw new ArgumentException(Localized.Format(PkiText.PassphraseFileEmpty, path));
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
