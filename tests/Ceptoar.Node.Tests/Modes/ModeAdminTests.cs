using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Rules;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Modes;

/// <summary>
/// SetMode, GetMode and GetStatusBoard on one real NISC node and one real secretariat (docs/MODES.md §4, §5): hostile and
/// wrong input gets the exact status code and a message naming the field, in the caller's language; the mode and the
/// period's board survive the switch back and a restart.
/// </summary>
public sealed class ModeAdminTests : IDisposable
{
    private static readonly Metadata Japanese = new() { { "accept-language", "ja" } };
    private readonly TestDirectory _dir = new();
    private TestFederation? _federation;

    public void Dispose() => _dir.Dispose();

    /// <summary>One federation (one root) for every start, so a restarted NISC still trusts its own certificates.</summary>
    private TestFederation Federation => _federation ??= new TestFederation(_dir.Combine("pki"));

    private Task<TestNode> StartNiscAsync() =>
        TestNode.StartAsync(Federation, "nisc", _dir.Combine("nisc"), s => s["Node:Role"] = "nisc");

    private static SetModeRequest LargeScale(string id, params string[] sectors) => new()
    {
        Mode = FederationMode.LargeScale, Reason = "Nationwide outage of a cloud provider", ReportEveryMinutes = 60, StaffName = "duty", ClientRequestId = id,
        ScopeSectors = { sectors },
    };

    [Fact]
    public async Task SetMode_AtASecretariat_FailedPreconditionInTheCallersLanguage()
    {
        await using var bank = await TestNode.StartAsync(Federation, "bank-ceptoar", _dir.Combine("bank"));

        var english = await Assert.ThrowsAsync<RpcException>(() => bank.Admin.SetModeAsync(LargeScale("a")).ResponseAsync);
        var japanese = await Assert.ThrowsAsync<RpcException>(() => bank.Admin.SetModeAsync(LargeScale("b"), Japanese).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, english.StatusCode);
        Assert.Equal("this node is certified as 'secretariat': only a node certified as NISC switches the federation's mode; ask NISC to switch it", english.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, japanese.StatusCode);
        Assert.StartsWith("このノードは 'secretariat' として認証されています。連携のモードを切り替えられるのは NISC", japanese.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(FederationMode.Normal, (await bank.Admin.GetStatusAsync(new GetStatusRequest())).Mode);
        var board = await Assert.ThrowsAsync<RpcException>(() => bank.Admin.GetStatusBoardAsync(new GetStatusBoardRequest()).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, board.StatusCode);
        Assert.Contains("the status board is kept at NISC and the Council", board.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown-sector", StatusCode.InvalidArgument, "scope_sectors[1]")]
    [InlineData("twice", StatusCode.InvalidArgument, "scope_sectors[1]")]
    [InlineData("every-4", StatusCode.InvalidArgument, "report_every_minutes")]
    [InlineData("every-1441", StatusCode.InvalidArgument, "report_every_minutes")]
    [InlineData("every-0", StatusCode.InvalidArgument, "report_every_minutes")]
    [InlineData("reason-empty", StatusCode.InvalidArgument, "reason")]
    [InlineData("reason-2001", StatusCode.InvalidArgument, "reason")]
    [InlineData("mode-unspecified", StatusCode.InvalidArgument, "mode")]
    [InlineData("normal-with-scope", StatusCode.InvalidArgument, "scope_sectors")]
    [InlineData("normal-with-every", StatusCode.InvalidArgument, "report_every_minutes")]
    [InlineData("staff-empty", StatusCode.InvalidArgument, "staff_name")]
    [InlineData("request-id-empty", StatusCode.InvalidArgument, "client_request_id")]
    public async Task SetMode_HostileInput_RefusedNamingTheField_NothingSwitches(string what, StatusCode code, string field)
    {
        await using var nisc = await StartNiscAsync();
        var request = LargeScale("hostile", "finance");
        switch (what)
        {
            case "unknown-sector": request.ScopeSectors.Add("banking'; DROP TABLE items; --"); break;
            case "twice": request.ScopeSectors.Add("finance"); break;
            case "every-4": request.ReportEveryMinutes = 4; break;
            case "every-1441": request.ReportEveryMinutes = 1441; break;
            case "every-0": request.ReportEveryMinutes = 0; break;
            case "reason-empty": request.Reason = ""; break;
            case "reason-2001": request.Reason = new string('x', 2001); break;
            case "mode-unspecified": request.Mode = FederationMode.Unspecified; break;
            case "normal-with-scope": request.Mode = FederationMode.Normal; request.ReportEveryMinutes = 0; break;
            case "normal-with-every": request.Mode = FederationMode.Normal; request.ScopeSectors.Clear(); break;
            case "staff-empty": request.StaffName = ""; break;
            case "request-id-empty": request.ClientRequestId = ""; break;
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => nisc.Admin.SetModeAsync(request).ResponseAsync);

        Assert.Equal(code, refused.StatusCode);
        var violations = refused.GetRpcStatus()!.Details.Single(d => d.Is(Google.Rpc.BadRequest.Descriptor)).Unpack<Google.Rpc.BadRequest>().FieldViolations;
        Assert.Contains(violations, v => v.Field == field);
        Assert.Equal(FederationMode.Normal, (await nisc.Admin.GetStatusAsync(new GetStatusRequest())).Mode);
        Assert.Empty((await nisc.Admin.GetModeAsync(new GetModeRequest())).Periods);
    }

    [Fact]
    public async Task SetMode_ReasonTooLong_JapaneseFieldViolation()
    {
        await using var nisc = await StartNiscAsync();
        var request = LargeScale("long");
        request.Reason = new string('あ', 2001);

        var refused = await Assert.ThrowsAsync<RpcException>(() => nisc.Admin.SetModeAsync(request, Japanese).ResponseAsync);

        var violation = Assert.Single(refused.GetRpcStatus()!.Details.Single(d => d.Is(Google.Rpc.BadRequest.Descriptor)).Unpack<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Equal("reason", violation.Field);
        Assert.Matches("[ぁ-んァ-ヶ一-龯]", violation.Description);
    }

    [Fact]
    public async Task SetMode_ModeAlreadyHeld_FailedPrecondition_BothWays()
    {
        await using var nisc = await StartNiscAsync();
        var normal = new SetModeRequest { Mode = FederationMode.Normal, Reason = "nothing to end", StaffName = "duty", ClientRequestId = "n0" };
        var first = await Assert.ThrowsAsync<RpcException>(() => nisc.Admin.SetModeAsync(normal).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, first.StatusCode);
        Assert.Equal("the federation is already in normal mode: nothing to switch back", first.Status.Detail);

        var started = await nisc.Admin.SetModeAsync(LargeScale("l1"));
        var again = await Assert.ThrowsAsync<RpcException>(() => nisc.Admin.SetModeAsync(LargeScale("l2", "finance")).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Contains($"period {started.ItemId}", again.Status.Detail, StringComparison.Ordinal);
        Assert.Single((await nisc.Admin.GetModeAsync(new GetModeRequest())).Periods);
    }

    [Fact]
    public async Task SetMode_HeldByARuleAtNisc_SwitchesNothingUntilApproved()
    {
        await using var nisc = await StartNiscAsync();
        var (rules, errors) = RuleFile.Parse("""
            rule four-eyes-on-mode-changes
              when direction=submitted kind=mode-change
              then hold=yes
            """);
        Assert.True(rules is not null, string.Join("; ", errors));
        Assert.True(await nisc.Services.GetRequiredService<ActiveRules>().ReplaceAsync(rules, null, "admin", "test rules", CancellationToken.None));

        var held = await nisc.Admin.SetModeAsync(LargeScale("held-1"));

        Assert.Equal(FederationMode.Normal, held.Mode);
        Assert.Equal(FederationMode.Normal, (await nisc.Admin.GetStatusAsync(new GetStatusRequest())).Mode);
        await nisc.Admin.ApproveHeldAsync(new ApproveHeldRequest { ItemId = held.ItemId, Note = "second person checked" });
        await Until.TrueAsync(async () => (await nisc.Admin.GetStatusAsync(new GetStatusRequest())).ModePeriodId == held.ItemId,
            TimeSpan.FromSeconds(30), "the approved change switched NISC");
    }

    [Fact]
    public async Task GetStatusBoard_HostilePeriodIds_ExactCodes()
    {
        await using var nisc = await StartNiscAsync();

        var none = await Assert.ThrowsAsync<RpcException>(() => nisc.Admin.GetStatusBoardAsync(new GetStatusBoardRequest()).ResponseAsync);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => nisc.Admin.GetStatusBoardAsync(new GetStatusBoardRequest { PeriodId = "../../etc/passwd" }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            nisc.Admin.GetStatusBoardAsync(new GetStatusBoardRequest { PeriodId = "01890a5d-ac96-774b-bcce-b302099a8057" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, none.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal("period_id", invalid.GetRpcStatus()!.Details.Single(d => d.Is(Google.Rpc.BadRequest.Descriptor)).Unpack<Google.Rpc.BadRequest>().FieldViolations.Single().Field);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("01890a5d-ac96-774b-bcce-b302099a8057", unknown.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetMode_LargeScaleThenNormal_PeriodKeptAcrossRestarts()
    {
        string periodId;
        await using (var nisc = await StartNiscAsync())
        {
            var started = await nisc.Admin.SetModeAsync(LargeScale("restart-1", "finance", "electricity"));
            periodId = started.ItemId;
            Assert.Equal(FederationMode.LargeScale, started.Mode);
            Assert.Equal(periodId, started.Current.PeriodId);
        }

        await using (var nisc = await StartNiscAsync())
        {
            var status = await nisc.Admin.GetStatusAsync(new GetStatusRequest());
            Assert.Equal(FederationMode.LargeScale, status.Mode);
            Assert.Equal(periodId, status.ModePeriodId);
            Assert.Equal(["finance", "electricity"], status.ModeScopeSectors);
            Assert.Equal(60u, status.ModeReportEveryMinutes);
            var back = await nisc.Admin.SetModeAsync(new SetModeRequest { Mode = FederationMode.Normal, Reason = "recovered", StaffName = "duty", ClientRequestId = "restart-2" });
            Assert.Equal(FederationMode.Normal, back.Mode);
            Assert.Equal(back.ItemId, Assert.Single(back.Periods).EndedBy);
        }

        await using (var nisc = await StartNiscAsync())
        {
            Assert.Equal(FederationMode.Normal, (await nisc.Admin.GetStatusAsync(new GetStatusRequest())).Mode);
            var period = Assert.Single((await nisc.Admin.GetModeAsync(new GetModeRequest())).Periods);
            Assert.Equal(periodId, period.PeriodId);
            Assert.Equal("recovered", period.EndReason);
            var board = await nisc.Admin.GetStatusBoardAsync(new GetStatusBoardRequest { PeriodId = periodId });
            Assert.Equal(periodId, board.Period.PeriodId);
            Assert.Equal(period.EndedAt, board.AsOf);
            var audit = await nisc.Admin.ListAuditAsync(new ListAuditRequest { Action = "mode.change" });
            Assert.Equal(["switched", "switched"], audit.Entries.Select(e => e.Outcome));
        }
    }
}
