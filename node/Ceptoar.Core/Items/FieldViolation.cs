namespace Ceptoar.Core.Items;

/// <summary>One invalid field: its path in the request (e.g. "draft.body.indicators[2].value") and what to do.</summary>
public sealed record FieldViolation(string Field, string Description);
