using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Rules;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Administration;

/// <summary>
/// The handling-rules part of the admin API: list, show, add, remove, move, import (atomic), and the dry run
/// (AdminRulesDryRun.cs). Every change is checked as a whole set before it is saved, and saved by compare-and-swap
/// against the version it was made from, so two admins never overwrite each other unnoticed; RuleStore audits it.
/// </summary>
internal sealed partial class AdminRules(Vocabulary vocabulary, MemberStore memberStore, NodeOptions node, ItemValidator validator, ItemStore itemStore, ItemLimits itemLimits, TimeProvider time, ActiveRules rules, NodeDirectory directory, RuleApplication application, Addressing addressing)
{
    private const string Actor = "admin";

    private readonly SemaphoreSlim _edits = new(1, 1);

    public Task<RuleSetView> ListAsync(CancellationToken cancellationToken) => Task.FromResult(AdminRulesViews.Set(rules.Current));

    public Task<RuleView> GetAsync(GetRuleRequest request, CancellationToken cancellationToken)
    {
        var current = rules.Current;
        var index = AdminRulesViews.IndexOf(current, request.Name);
        return index < 0 ? throw AdminRulesViews.RuleNotFound(request.Name) : Task.FromResult(AdminRulesViews.Rule(current, index));
    }

    public async Task<RuleSetView> AddAsync(AddRuleRequest request, CancellationToken cancellationToken)
    {
        var rule = ParseOneRule(request.Text, await ReferencesAsync(cancellationToken));
        return await EditAsync(request.ExpectedEtag, current =>
        {
            var existing = AdminRulesViews.IndexOf(current, rule.Name);
            if (existing >= 0)
            {
                throw GrpcErrors.AlreadyExists(ErrorReasons.RuleExists, string.Format(CultureInfo.InvariantCulture, AdministrationText.RuleExists, rule.Name, existing + 1));
            }

            var index = InsertIndex(current, request.Position);
            var list = current.Rules.ToList();
            list.Insert(index, rule);
            return (Checked(list, "position"), $"rule {rule.Name} added at {Position(index)}");
        }, cancellationToken);
    }

    public async Task<RuleSetView> RemoveAsync(RemoveRuleRequest request, CancellationToken cancellationToken) =>
        await EditAsync(request.ExpectedEtag, current =>
        {
            var index = AdminRulesViews.IndexOf(current, request.Name);
            if (index < 0)
            {
                throw AdminRulesViews.RuleNotFound(request.Name);
            }

            var list = current.Rules.ToList();
            list.RemoveAt(index);
            return (Checked(list, "name"), $"rule {request.Name} removed from {Position(index)}");
        }, cancellationToken);

    public async Task<RuleSetView> MoveAsync(MoveRuleRequest request, CancellationToken cancellationToken) =>
        await EditAsync(request.ExpectedEtag, current =>
        {
            var index = AdminRulesViews.IndexOf(current, request.Name);
            if (index < 0)
            {
                throw AdminRulesViews.RuleNotFound(request.Name);
            }

            var count = current.Rules.Count;
            if (request.Position < 1 || request.Position > count)
            {
                throw GrpcErrors.InvalidArgument("position", count == 1
                    ? string.Format(CultureInfo.InvariantCulture, AdministrationText.PositionOnlyOne, request.Position)
                    : string.Format(CultureInfo.InvariantCulture, AdministrationText.PositionOutOfRange, request.Position, request.Name, count));
            }

            var list = current.Rules.ToList();
            var rule = list[index];
            list.RemoveAt(index);
            list.Insert((int)request.Position - 1, rule);
            return (Checked(list, "position"), $"rule {rule.Name} moved from {Position(index)} to {request.Position}");
        }, cancellationToken);

    public async Task<RuleSetView> ImportAsync(ImportRulesRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            // An unset text field would otherwise silently remove every rule.
            throw GrpcErrors.InvalidArgument("text", AdministrationText.ImportTextEmpty);
        }

        var (imported, errors) = RuleFile.Parse(request.Text, vocabulary, await ReferencesAsync(cancellationToken));
        if (imported is null)
        {
            throw GrpcErrors.InvalidArgument(AdminRulesViews.FileErrors(errors));
        }

        var count = imported.Rules.Count;
        return await EditAsync(request.ExpectedEtag, _ =>
            (imported, $"rules imported: {count} rule{(count == 1 ? "" : "s")} ({string.Join(", ", imported.Rules.Take(5).Select(r => r.Name))}{(count > 5 ? ", ..." : "")})"),
            cancellationToken);
    }

    /// <summary>
    /// Applies an edit to the active set and saves the result if the set did not change meanwhile. With an expected etag
    /// the edit applies only to that version; without, to whatever is active. Edits through this API run one at a time,
    /// so one without an etag never loses a race to another admin's; the store's compare-and-swap still guards the rest.
    /// </summary>
    private async Task<RuleSetView> EditAsync(string expectedETag, Func<RuleSet, (RuleSet Rules, string What)> edit, CancellationToken cancellationToken)
    {
        await _edits.WaitAsync(cancellationToken);
        try
        {
            var current = rules.Current;
            if (expectedETag.Length > 0 && expectedETag != current.ETag)
            {
                throw Changed(expectedETag, current);
            }

            var (next, what) = edit(current);
            if (next.Equals(current))
            {
                return AdminRulesViews.Set(current);
            }

            return await rules.ReplaceAsync(next, current.ETag, Actor, what, cancellationToken)
                ? AdminRulesViews.Set(next)
                : throw Changed(current.ETag, rules.Current);
        }
        finally
        {
            _edits.Release();
        }
    }

    private RuleSet Checked(IEnumerable<HandlingRule> list, string field)
    {
        RuleSet set;
        try
        {
            set = new RuleSet(list);
        }
        catch (ArgumentException e)
        {
            throw GrpcErrors.InvalidArgument(field, e.Message);
        }

        var problems = RuleSetValidator.Validate(set, vocabulary);
        return problems.Count > 0 ? throw GrpcErrors.InvalidArgument(AdminRulesViews.Problems(problems, field)) : set;
    }

    /// <summary>
    /// The members and nodes a new rule may name. Checked only when rules are added or imported: move and remove keep
    /// working with a stored rule that names a member removed since.
    /// </summary>
    private async Task<RuleReferences> ReferencesAsync(CancellationToken cancellationToken)
    {
        var members = await memberStore.ListAsync(includeDisabled: true, cancellationToken);
        var view = directory.View();
        return new RuleReferences(members.Select(m => m.MemberId), [node.Id, .. view.Nodes.Keys, .. view.DirectPeers]);
    }

    /// <summary>Reads the one rule an AddRule request carries; errors name their line and column within that text.</summary>
    private HandlingRule ParseOneRule(string text, RuleReferences references)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw GrpcErrors.InvalidArgument("text", AdministrationText.AddTextEmpty);
        }

        var (parsed, errors) = RuleFile.Parse(text, vocabulary, references);
        if (parsed is null)
        {
            throw GrpcErrors.InvalidArgument(AdminRulesViews.FileErrors(errors));
        }

        return parsed.Rules.Count switch
        {
            1 => parsed.Rules[0],
            0 => throw GrpcErrors.InvalidArgument("text", AdministrationText.TextNoRule),
            var n => throw GrpcErrors.InvalidArgument("text",
                string.Format(CultureInfo.InvariantCulture, AdministrationText.TextManyRules, n, string.Join(", ", parsed.Rules.Take(5).Select(r => r.Name)))),
        };
    }

    /// <summary>
    /// Where a new rule goes: position 1 = first. Position 0 = the last place where it can still fire: just above the
    /// first rule without conditions (such as the written-out tlp-default), else at the end.
    /// </summary>
    private static int InsertIndex(RuleSet current, uint position)
    {
        var count = current.Rules.Count;
        if (position == 0)
        {
            var catchAll = AdminRulesViews.FirstCatchAll(current);
            return catchAll >= 0 ? catchAll : count;
        }

        return position <= count + 1
            ? (int)position - 1
            : throw GrpcErrors.InvalidArgument("position", string.Format(CultureInfo.InvariantCulture, AdministrationText.InsertPositionOutOfRange, position, count, count + 1));
    }

    private static Grpc.Core.RpcException Changed(string expectedETag, RuleSet current) =>
        GrpcErrors.FailedPrecondition(ErrorReasons.ChangedMeanwhile, string.Format(CultureInfo.InvariantCulture, AdministrationText.RulesChanged, expectedETag, current.ETag));

    private static string Position(int index) => "position " + (index + 1).ToString(CultureInfo.InvariantCulture);
}
