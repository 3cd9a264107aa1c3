using System.CommandLine;

namespace Ceptoar.AdminCli.Localization;

/// <summary>The root's global options that say how a person reads the output: its language and its time zone.</summary>
internal sealed class DisplayOptions
{
    public Option<string?> Language { get; } = new(CliLanguage.OptionName)
    {
        Description = CommonText.OptionLang,
        HelpName = string.Join('|', CliLanguage.Choices),
        Recursive = true,
    };

    public Option<string?> TimeZone { get; } = new(TimeDisplay.OptionName)
    {
        Description = Localized.Format(CommonText.OptionTimeZone, TimeDisplay.DefaultZoneId),
        HelpName = "IANA-ID",
        Recursive = true,
    };

    public DisplayOptions()
    {
        Language.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (!CliLanguage.TryParse(value, out _))
            {
                result.AddError(Localized.Format(CommonText.UnknownLanguage, value, string.Join(", ", CliLanguage.Choices)));
            }
        });
        TimeZone.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (!TimeDisplay.IsKnownZone(value))
            {
                result.AddError(Localized.Format(CommonText.UnknownTimeZone, value, TimeDisplay.DefaultZoneId));
            }
        });
    }

    public void AddTo(Command root)
    {
        root.Options.Add(Language);
        root.Options.Add(TimeZone);
    }

    /// <summary>The time display of a parsed line; only called once the parser has accepted the zone.</summary>
    public TimeDisplay ReadTime(ParseResult parseResult) =>
        TimeDisplay.Choose(parseResult.GetValue(TimeZone), nodeZoneId: null);
}
