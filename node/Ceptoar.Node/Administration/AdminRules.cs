using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Rules;
using Grpc.Core;

namespace Ceptoar.Node.Administration;

/// <summary>The handling-rules part of the admin API: list, show, add, remove, move, import (atomic), and the dry run.</summary>
internal sealed class AdminRules(NodeContext node, ActiveRules rules)
{
    public Task<RuleSetView> ListAsync(CancellationToken cancellationToken) => throw Todo();

    public Task<RuleView> GetAsync(GetRuleRequest request, CancellationToken cancellationToken) => throw Todo();

    public Task<RuleSetView> AddAsync(AddRuleRequest request, CancellationToken cancellationToken) => throw Todo();

    public Task<RuleSetView> RemoveAsync(RemoveRuleRequest request, CancellationToken cancellationToken) => throw Todo();

    public Task<RuleSetView> MoveAsync(MoveRuleRequest request, CancellationToken cancellationToken) => throw Todo();

    public Task<RuleSetView> ImportAsync(ImportRulesRequest request, CancellationToken cancellationToken) => throw Todo();

    public Task<TestRulesResponse> TestAsync(TestRulesRequest request, CancellationToken cancellationToken) => throw Todo();

    private RpcException Todo() => new(new Status(StatusCode.Unimplemented, $"handling rules are not yet served by {node.NodeId} ({rules.Current.Rules.Count} active)"));
}
