namespace Ceptoar.Core.Items;

/// <summary>Syntax of the name a secretariat's staff person acts under ("staff:&lt;name&gt;" in receipts and audit). Pure.</summary>
public static class StaffNames
{
    public const int MaxLength = 64;

    /// <summary>What a valid staff name looks like, for error messages.</summary>
    public const string Rule = "1 to 64 letters (any script), digits, '.', '_', '-' or '@', e.g. tanaka or 山田.taro";

    /// <summary>
    /// 1 to 64 letters or digits of any script, '.', '_', '-' or '@': an OS user name or a person's name fits, while a
    /// space, ':' or control character, which would make "staff:&lt;name&gt;" ambiguous or unreadable in a log, does not.
    /// </summary>
    public static bool IsValid(string? name) =>
        name is { Length: >= 1 and <= MaxLength } && name.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '@');
}
