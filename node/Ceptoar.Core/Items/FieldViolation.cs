using System.Globalization;

namespace Ceptoar.Core.Items;

/// <summary>One invalid field: its path in the request (e.g. "draft.body.indicators[2].value") and what to do.</summary>
/// <param name="Description">In English: what audit entries, logs and peers get.</param>
public sealed record FieldViolation(string Field, string Description)
{
    /// <summary>A violation whose description can also be written in the reader's language.</summary>
    public FieldViolation(string field, LocalText text)
        : this(field, text.English) => Text = text;

    /// <summary>The description as a text of the validator's resources; null when it was written in one language only.</summary>
    public LocalText? Text { get; }

    /// <summary>The description in the culture's language, where the violation has one; else the description as written.</summary>
    public string DescriptionIn(CultureInfo culture) => Text is null ? Description : Text.In(culture);
}
