using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Web.Staff;

/// <summary>
/// The staff pages' node (docs/CONSOLE.md §4): the console's <see cref="WebNode"/> (a secretariat, its member person, staff
/// and Council people), a second member company, and a handling rule that holds every incident report members submit, so
/// the approval queue has items to decide.
/// </summary>
public sealed class StaffWebNode : IAsyncLifetime
{
    public const string SecondMemberId = "resona-bank";

    /// <summary>The staff person's display name "Tanaka Ichiro" as a staff name: the space is not allowed there.</summary>
    public const string StaffActor = "staff:Tanaka_Ichiro";

    internal WebNode Web { get; } = new();

    internal string SecondApiKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Web.InitializeAsync();
        SecondApiKey = await Web.Node.AddMemberWithKeyAsync(SecondMemberId);
        var (rules, errors) = RuleFile.Parse("""
            rule secretariat-checks-incidents
              when direction=submitted kind=incident-report
              then hold=yes
            """);
        Assert.True(rules is not null, string.Join("; ", errors));
        Assert.True(await Web.Node.Services.GetRequiredService<ActiveRules>().ReplaceAsync(rules, null, "admin", "test rules", CancellationToken.None));
    }

    public Task DisposeAsync() => Web.DisposeAsync();

    /// <summary>A member submits an incident report through the member API; the rule holds it. Its id.</summary>
    internal async Task<string> HeldItemAsync(string title = "Unusual logins at internet banking", Tlp tlp = Tlp.Green)
    {
        var submitted = await Web.Node.Member(Web.ApiKey).SubmitAsync(Drafts.Request(Drafts.Incident(tlp, title)));
        Assert.Equal("held", submitted.Status);
        return submitted.ItemId;
    }

    /// <summary>A web client signed in as the staff person, in the language given.</summary>
    internal async Task<WebClient> StaffAsync(string language = "en")
    {
        var client = Web.Client(language);
        var signedIn = await client.SignInAsync(Web.StaffPerson.Login);
        Assert.Equal(302, signedIn.Status);
        return client;
    }

    /// <summary>A web client signed in as the member company's person.</summary>
    internal async Task<WebClient> MemberAsync(string language = "en")
    {
        var client = Web.Client(language);
        var signedIn = await client.SignInAsync(Web.MemberPerson.Login);
        Assert.Equal(302, signedIn.Status);
        return client;
    }
}
