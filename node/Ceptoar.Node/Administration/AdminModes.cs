using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Members;
using Ceptoar.Node.Modes;
using Ceptoar.Node.Rules;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>
/// The mode part of the admin API (docs/MODES.md §4, §5): NISC switches the federation's mode with a NISC-signed mode
/// change item to the whole federation, made through the one intake path (checks, rules, signing, idempotency, audit,
/// forwarding); every node's mode and periods; the status board at NISC and the Council.
/// </summary>
internal sealed class AdminModes(
    SubmissionService submissions, ModeBook book, ModeStore modes, CurrentMode current, StatusBoards boards, ItemStore items, ItemLimits limits, NodeOptions node, TimeProvider time)
{
    private readonly SemaphoreSlim _switching = new(1, 1);

    public async Task<ModeView> SetAsync(SetModeRequest request, CancellationToken cancellationToken)
    {
        if (!StaffNames.IsValid(request.StaffName))
        {
            throw GrpcErrors.InvalidArgument("staff_name", string.Format(CultureInfo.InvariantCulture, AdministrationText.StaffNameModeSetInvalid, AdministrationText.StaffNameRule));
        }

        // Only NISC signs a mode change (docs/MODES.md §4); every other node would refuse it anyway (AcceptancePolicy).
        if (NodeRoles.Parse(node.Role) != NodeRole.Nisc)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.RoleNotAllowed, string.Format(CultureInfo.InvariantCulture, AdministrationText.ModeNotNisc, node.Role));
        }

        Check(request);
        await _switching.WaitAsync(cancellationToken);
        try
        {
            var held = current.State;
            if (request.Mode == held.Mode || (request.Mode == FederationMode.Normal && held.Mode == FederationMode.Unspecified))
            {
                throw GrpcErrors.FailedPrecondition(ErrorReasons.ModeAlreadySet, held.IsLargeScale
                    ? string.Format(CultureInfo.InvariantCulture, AdministrationText.ModeAlreadyLargeScale, held.Since.ToString("O", CultureInfo.InvariantCulture), held.PeriodId)
                    : AdministrationText.ModeAlreadyNormal);
            }

            var item = Build(request, held);
            var submitted = await submissions.SubmitNodeItemAsync(Submitter.Staff(request.StaffName, node), request.ClientRequestId, item, RequestField, cancellationToken);
            if (submitted.Status != "held" && await items.GetAsync(submitted.ItemId, cancellationToken) is { } stored)
            {
                // Switch here at once, so the answer and `mode show` already hold it; the watcher finds it recorded.
                await book.ApplyAsync(ItemViews.ParseItem(stored, out _), Submitter.Staff(request.StaffName, node).Actor, cancellationToken);
            }

            var view = await ViewAsync(cancellationToken);
            view.ItemId = submitted.ItemId;
            return view;
        }
        finally
        {
            _switching.Release();
        }
    }

    public Task<ModeView> GetAsync(CancellationToken cancellationToken) => ViewAsync(cancellationToken);

    /// <summary>The board of the period named, or of the one that holds, or of the latest (docs/MODES.md §5).</summary>
    public async Task<StatusBoard> BoardAsync(GetStatusBoardRequest request, CancellationToken cancellationToken)
    {
        if (!FederationNode.IsHubRole(NodeRoles.Parse(node.Role)))
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.RoleNotAllowed, string.Format(CultureInfo.InvariantCulture, AdministrationText.BoardNotHub, node.Role));
        }

        if (request.PeriodId.Length > 0 && !UuidV7.IsValid(request.PeriodId))
        {
            throw GrpcErrors.InvalidArgument("period_id", AdministrationText.BoardPeriodInvalid);
        }

        var period = await boards.PeriodAsync(request.PeriodId, cancellationToken);
        if (period is null)
        {
            throw request.PeriodId.Length > 0
                ? GrpcErrors.NotFound(ErrorReasons.PeriodNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.BoardPeriodNotFound, request.PeriodId))
                : GrpcErrors.FailedPrecondition(ErrorReasons.NoOpenPeriod, AdministrationText.BoardNoPeriod);
        }

        return await boards.BuildAsync(period, cancellationToken);
    }

    private async Task<ModeView> ViewAsync(CancellationToken cancellationToken)
    {
        var changes = await modes.AllAsync(cancellationToken);
        var state = current.State;
        var view = new ModeView { Mode = state.Mode, ChangeId = changes.Count > 0 ? changes[^1].ItemId : "" };
        if (changes.Count > 0)
        {
            view.Since = Timestamp.FromDateTimeOffset(state.Since);
        }

        var periods = ModePeriods.Of(changes);
        if (periods.LastOrDefault(p => p.Holds && p.Start.ItemId == state.PeriodId) is { } holding)
        {
            view.Current = ModePeriods.View(holding);
        }

        view.Periods.AddRange(periods.Reverse().Select(ModePeriods.View));
        return view;
    }

    /// <summary>The request's own checks; the item's (reason, interval, sectors) come from the item validator, named by request field.</summary>
    private static void Check(SetModeRequest request)
    {
        switch (request.Mode)
        {
            case FederationMode.LargeScale:
                break;
            case FederationMode.Normal when request.ScopeSectors.Count > 0:
                throw GrpcErrors.InvalidArgument("scope_sectors", AdministrationText.ModeNormalScope);
            case FederationMode.Normal when request.ReportEveryMinutes != 0:
                throw GrpcErrors.InvalidArgument("report_every_minutes", AdministrationText.ModeNormalReportEvery);
            case FederationMode.Normal:
                break;
            default:
                throw GrpcErrors.InvalidArgument("mode", AdministrationText.ModeUnknown);
        }
    }

    /// <summary>The signed change: GREEN, to the whole federation, its words in both languages (every node's people read the same item).</summary>
    private Item Build(SetModeRequest request, ModeState held)
    {
        var now = time.GetUtcNow();
        var change = new ModeChange { Mode = request.Mode, Reason = request.Reason };
        Body body;
        if (request.Mode == FederationMode.LargeScale)
        {
            change.ScopeSectors.AddRange(request.ScopeSectors);
            change.ReportEveryMinutes = request.ReportEveryMinutes;
            var scopeJa = request.ScopeSectors.Count == 0 ? ModesText.ScopeWholeJa : string.Join("、", request.ScopeSectors);
            var scopeEn = request.ScopeSectors.Count == 0 ? ModesText.ScopeWholeEn : string.Join(", ", request.ScopeSectors);
            body = new Body
            {
                Title = ModesText.LargeScaleTitle,
                Summary = string.Format(CultureInfo.InvariantCulture, ModesText.LargeScaleSummary, scopeJa, request.ReportEveryMinutes, scopeEn, request.Reason),
            };
        }
        else
        {
            change.EndsPeriod = held.PeriodId;
            body = new Body
            {
                Title = ModesText.NormalTitle,
                Summary = string.Format(CultureInfo.InvariantCulture, ModesText.NormalSummary, held.PeriodId, request.Reason),
            };
        }

        var item = NodeMadeItems.Operational(node.Id, now, Timestamp.FromDateTimeOffset(now + limits.DefaultLifetime), ItemKind.ModeChange, Tlp.Green,
            new Audience { WholeFederation = true }, body);
        item.ModeChange = change;
        return item;
    }

    /// <summary>A violation of the mode change item, named by the request field the staff person set.</summary>
    private static string RequestField(string itemField) => itemField switch
    {
        "item.mode_change.reason" => "reason",
        "item.mode_change.report_every_minutes" => "report_every_minutes",
        _ when itemField.StartsWith("item.mode_change.scope_sectors", StringComparison.Ordinal) => "scope_sectors" + itemField["item.mode_change.scope_sectors".Length..],
        _ => itemField,
    };
}
