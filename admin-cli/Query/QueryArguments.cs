using System.CommandLine;
using System.Globalization;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Query;

/// <summary>The options both query commands share: how far the query goes and how long the nodes get to answer.</summary>
internal sealed class QueryArguments
{
    public const QueryScope DefaultScope = QueryScope.Federation;
    public const uint DefaultDeadlineSeconds = 5;

    // query.proto: the whole-query deadline is at most 60000 ms.
    public const uint MaxDeadlineSeconds = 60;
    public const uint MinDeadlineSeconds = 1;

    public static FriendlyEnum<QueryScope> Scopes { get; } = new(() => QueryText.QueryScope, "QUERY-SCOPE", "QUERY_SCOPE_", '-');

    public Option<QueryScope?> Scope { get; } = new("--scope")
    {
        Description = QueryText.ScopeDescription,
        HelpName = "peers|federation",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (Scopes.TryParse(text, out var scope))
            {
                return scope;
            }

            result.AddError("--scope: " + Scopes.Problem(text));
            return null;
        },
    };

    public Option<uint> Deadline { get; } = new("--deadline")
    {
        Description = Localized.Format(QueryText.DeadlineDescription, MinDeadlineSeconds, MaxDeadlineSeconds),
        HelpName = "SECONDS",
        DefaultValueFactory = _ => DefaultDeadlineSeconds,

        // Parsed here rather than checked by a validator: see LimitOption.
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && seconds is >= MinDeadlineSeconds and <= MaxDeadlineSeconds)
            {
                return seconds;
            }

            result.AddError(
                Localized.Format(QueryText.DeadlineOutOfRange, MinDeadlineSeconds, MaxDeadlineSeconds, text));
            return DefaultDeadlineSeconds;
        },
    };

    /// <summary>
    /// A whole number from 1 to <paramref name="max"/>, checked while parsing: ArgumentRules.RequireRange is a validator,
    /// and a validator reading a value that failed to convert ("--limit abc") throws instead of reporting it.
    /// </summary>
    public static Option<uint?> LimitOption(string name, uint max, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 && value <= max)
            {
                return value;
            }

            result.AddError(Localized.Format(QueryText.WholeNumberRange, name, max, text));
            return null;
        },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Scope);
        command.Options.Add(Deadline);
    }

    public QueryScope ScopeOf(NodeCall call) => call.Get(Scope) ?? DefaultScope;
}
