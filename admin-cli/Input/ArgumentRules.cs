using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Ceptoar.AdminCli.Localization;

namespace Ceptoar.AdminCli.Input;

/// <summary>Local checks of arguments, so that an obvious mistake is reported before anything is sent to the node.</summary>
internal static class ArgumentRules
{
    public const int MemberIdMinLength = 2;
    public const int MemberIdMaxLength = 64;

    /// <summary>A member id is 2 to 64 characters of a-z, 0-9 and '-' (admin.proto, Member.member_id).</summary>
    public static bool IsMemberId(string? value) =>
        value is { Length: >= MemberIdMinLength and <= MemberIdMaxLength }
        && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    public static string? MemberIdProblem(string? value) => IsMemberId(value)
        ? null
        : Localized.Format(InputText.MemberIdInvalid, value, MemberIdMinLength, MemberIdMaxLength);

    /// <summary>An e-mail address needs one '@' with something on both sides; the node checks further if it cares.</summary>
    public static bool IsEmail(string? value) =>
        value is not null
        && value.IndexOf('@') is var at && at > 0 && at < value.Length - 1
        && value.IndexOf('@', at + 1) < 0
        && !value.Any(char.IsWhiteSpace);

    /// <summary>Item ids are UUIDs (UUIDv7, minted by the origin node).</summary>
    public static bool IsItemId(string? value) => Guid.TryParseExact(value, "D", out _);

    public static Argument<string> MemberIdArgument(string description)
    {
        var argument = new Argument<string>("MEMBER-ID") { Description = description };
        argument.Validators.Add(result => AddProblem(result, MemberIdProblem(result.GetValueOrDefault<string>())));
        return argument;
    }

    public static void RequireMemberId(Option<string?> option) =>
        option.Validators.Add(result => AddProblem(result, MemberIdProblem(result.GetValueOrDefault<string?>())));

    /// <summary>Refuses empty or blank text, which the parser alone would accept as a value.</summary>
    public static void RequireText(Option<string> option, string what) =>
        option.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError(Localized.Format(InputText.MustNotBeEmpty, option.Name, what));
            }
        });

    public static void RequireText(Argument<string> argument, string what) =>
        argument.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError(Localized.Format(InputText.MustNotBeEmpty, argument.Name, what));
            }
        });

    /// <summary>
    /// The option's value, or false when the text did not convert (e.g. "--limit abc"): the parser reports that error
    /// itself, and a validator must not ask for the value then (System.CommandLine throws).
    /// </summary>
    public static bool TryGetValue<T>(System.CommandLine.Parsing.OptionResult result, out T? value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    public static void RequireRange(Option<uint?> option, uint min, uint max) =>
        option.Validators.Add(result =>
        {
            if (TryGetValue<uint?>(result, out var parsed) && parsed is { } value && (value < min || value > max))
            {
                result.AddError(Localized.Format(InputText.OutOfRange, option.Name, min, max, value));
            }
        });

    /// <summary>Parses ISO 8601 dates and times; without an offset the time is taken as UTC.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out time)
        && LooksIso(text);

    public static Option<DateTimeOffset?> TimeOption(string name, string description)
    {
        return new Option<DateTimeOffset?>(name)
        {
            Description = description,
            HelpName = "ISO-8601",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
                if (TryParseTime(text, out var time))
                {
                    return time;
                }

                result.AddError(Localized.Format(InputText.NotIsoTime, name, text));
                return null;
            },
        };
    }

    // DateTimeOffset.TryParse also accepts "4/1/2025" or "April 1"; those are ambiguous across locales, so only year-first forms pass.
    private static bool LooksIso(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length >= 10
            && char.IsAsciiDigit(trimmed[0]) && char.IsAsciiDigit(trimmed[1]) && char.IsAsciiDigit(trimmed[2]) && char.IsAsciiDigit(trimmed[3])
            && trimmed[4] == '-';
    }

    private static void AddProblem(SymbolResult result, string? problem)
    {
        if (problem is not null)
        {
            result.AddError(problem);
        }
    }
}
