using System.Buffers;

namespace Ceptoar.Node.People;

/// <summary>What a login, a display name and a password may be (docs/CONSOLE.md §2).</summary>
public static class PersonRules
{
    /// <summary>Longest login: an e-mail address may be 254 characters (RFC 5321).</summary>
    public const int MaxLoginLength = 254;

    /// <summary>Longest display name; it is shown on pages and written in the audit log.</summary>
    public const int MaxDisplayNameLength = 100;

    /// <summary>Longest password accepted, so a huge field cannot make the hasher work for nothing.</summary>
    public const int MaxPasswordLength = 1024;

    // ASCII only: the database compares logins with NOCASE, which folds ASCII letters, so uniqueness holds whatever the case.
    private static readonly SearchValues<char> LoginChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.@_-+");

    /// <summary>1 to 254 ASCII letters, digits, '.', '@', '_', '-' or '+': an e-mail address or a short name.</summary>
    public static bool IsLogin(string? login) =>
        login is { Length: >= 1 and <= MaxLoginLength } && !login.AsSpan().ContainsAnyExcept(LoginChars);

    /// <summary>1 to 100 characters on one line, with no control or bidi-override characters and no spaces at either end.</summary>
    public static bool IsDisplayName(string? name) =>
        name is { Length: >= 1 and <= MaxDisplayNameLength } && name == name.Trim()
        && !name.Any(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');

    /// <summary>Why a new password is refused, or null when it may be used.</summary>
    public static PasswordChangeOutcome? CheckPassword(string password, int minLength, string login, string displayName)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < minLength || password.Length > MaxPasswordLength)
        {
            return PasswordChangeOutcome.BadLength;
        }

        var trimmed = password.Trim();
        return string.Equals(trimmed, login, StringComparison.OrdinalIgnoreCase) || string.Equals(trimmed, displayName, StringComparison.OrdinalIgnoreCase)
            ? PasswordChangeOutcome.SameAsName
            : null;
    }
}
