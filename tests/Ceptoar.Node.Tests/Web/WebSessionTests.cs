using Ceptoar.Node.People;

namespace Ceptoar.Node.Tests.Web;

/// <summary>
/// Session lifetimes on a node whose clock the test moves (docs/CONSOLE.md §1): the sliding session ends after
/// Web:SessionMinutes without a request, and the absolute cap Web:SessionMaxHours after sign-in whatever the activity.
/// </summary>
public sealed class WebSessionTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private readonly JumpClock _clock = new();
    private readonly TestPeople _people;
    private TestNode _node = null!;
    private Person _person = null!;

    public WebSessionTests() => _people = new TestPeople(_clock);

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(
            federation,
            "bank-ceptoar",
            _dir.Combine("data"),
            s =>
            {
                s["Node:WebListen"] = "127.0.0.1:0";
                s["Web:SessionMinutes"] = "30";
                s["Web:SessionMaxHours"] = "1";
            },
            clock: _clock);
        _people.Attach(_node);
        _person = await _people.AddAsync("staff@bank-ceptoar.example.jp", "Staff Person", null, PersonKind.Staff);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Session_IdleLongerThanSessionMinutes_SignedOut()
    {
        using var client = new WebClient(_node.Ready.WebEndpoint!, _node.Root, "en", _people);
        await client.SignInAsync(_person.Login);
        Assert.Equal(200, (await client.GetAsync("/")).Status);

        _clock.Advance(TimeSpan.FromMinutes(31));
        var page = await client.GetAsync("/");

        Assert.Equal(302, page.Status);
    }

    [Fact]
    public async Task Session_ActiveButPastSessionMaxHours_SignedOut()
    {
        using var client = new WebClient(_node.Ready.WebEndpoint!, _node.Root, "en", _people);
        await client.SignInAsync(_person.Login);

        // Each request within the sliding half-hour renews the session: only the cap can end it.
        _clock.Advance(TimeSpan.FromMinutes(25));
        var at25 = await client.GetAsync("/");
        _clock.Advance(TimeSpan.FromMinutes(25));
        var at50 = await client.GetAsync("/");
        _clock.Advance(TimeSpan.FromMinutes(25));
        var at75 = await client.GetAsync("/");

        Assert.Equal(200, at25.Status);
        Assert.Equal(200, at50.Status);
        Assert.Equal(302, at75.Status);
    }
}
