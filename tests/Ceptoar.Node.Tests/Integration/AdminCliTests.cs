using System.Text.RegularExpressions;
using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>`ceptoar-admin` against a real node over its Unix socket: what a secretariat admin does on day one.</summary>
public sealed partial class AdminCliTests : OneNodeTest
{
    [Fact]
    public async Task MembersAddKeysIssue_ThenTheMemberSubmits_ItemsShowVerifiesTheSignature()
    {
        var add = await RunAsync("members", "add", "mufg-bank", "--name-ja", "三菱UFJ銀行", "--name-en", "MUFG Bank", "--sector", "finance", "--tag", "size:large");
        Assert.True(add.Code == 0, add.Error);

        var issue = await RunAsync("keys", "issue", "mufg-bank", "--label", "soc");
        Assert.True(issue.Code == 0, issue.Error);
        var key = ApiKeyPattern().Match(issue.Output).Value;
        Assert.NotEmpty(key);

        var member = Node.Member(key);
        Assert.Equal("mufg-bank", (await member.WhoAmIAsync(new WhoAmIRequest())).MemberId);
        var submitted = await member.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "ATM network outage")));

        var list = await RunAsync("items", "list", "--tlp", "green", "--json");
        Assert.True(list.Code == 0, list.Error);
        Assert.Contains(submitted.ItemId, list.Output);

        var show = await RunAsync("items", "show", submitted.ItemId);
        Assert.True(show.Code == 0, show.Error);
        Assert.Contains("ATM network outage", show.Output);
        Assert.Contains("valid", show.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("INVALID", show.Output);

        var keys = await RunAsync("keys", "list", "mufg-bank", "--json");
        Assert.DoesNotContain(key, keys.Output);
    }

    [Fact]
    public async Task MembersShow_UnknownMember_ExitFourWithMessage()
    {
        var show = await RunAsync("members", "show", "no-such-bank");

        Assert.Equal(4, show.Code);
        Assert.Contains("no-such-bank", show.Error);
    }

    [Fact]
    public async Task MembersAdd_UnknownSector_ExitSixNamingTheField()
    {
        var add = await RunAsync("members", "add", "odd-bank", "--name-ja", "変な銀行", "--name-en", "Odd Bank", "--sector", "banking");

        Assert.Equal(6, add.Code);
        Assert.Contains("sector", add.Error);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--socket", Node.Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"ck_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")]
    private static partial Regex ApiKeyPattern();
}
