using System.Collections.Concurrent;
using Ceptoar.Federation.V1;
using Ceptoar.Node.People;
using Ceptoar.Node.Tests.People;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Web;

/// <summary>
/// Real person accounts for the console's tests (docs/CONSOLE.md §8): added through the admin API as `ceptoar-admin people
/// add` does, signing in with the initial password it answered and a TOTP code this class computes itself (TestTotp, RFC
/// 6238 with .NET's HMAC-SHA-1). The node runs on a <see cref="JumpClock"/> moved 30 s before each code, since the node
/// refuses a code of a step already used (replay).
/// </summary>
internal sealed class TestPeople
{
    private readonly ConcurrentDictionary<string, (string Password, string Secret)> _credentials = new(StringComparer.OrdinalIgnoreCase);
    private TestNode? _node;

    public TestPeople(JumpClock clock) => Clock = clock;

    /// <summary>The node's clock: pass it to <see cref="TestNode.StartAsync"/>.</summary>
    public JumpClock Clock { get; }

    private TestNode Node => _node ?? throw new InvalidOperationException("call Attach with the started node first");

    public void Attach(TestNode node) => _node = node;

    /// <summary>Adds a person as staff would, keeping the credentials the node answered once.</summary>
    public async Task<Person> AddAsync(string login, string displayName, string? memberId, PersonKind kind)
    {
        var added = await Node.Admin.AddPersonAsync(new AddPersonRequest
        {
            Login = login,
            DisplayName = displayName,
            MemberId = memberId ?? "",
            Kind = kind switch
            {
                PersonKind.Member => PersonAccountKind.Member,
                PersonKind.Staff => PersonAccountKind.Staff,
                _ => PersonAccountKind.Council,
            },
            StaffName = "test",
        });
        _credentials[login] = (added.InitialPassword, added.TotpSecret);
        return await GetAsync(added.Person.PersonId) ?? throw new InvalidOperationException($"{login} was added but is not found");
    }

    /// <summary>The password the person signs in with now.</summary>
    public string PasswordOf(string login) => _credentials.TryGetValue(login, out var c) ? c.Password : "no such test person";

    /// <summary>Moves the node's clock to the next 30-second step and gives the person's code for it.</summary>
    public string NextCode(string login)
    {
        Clock.Advance(TimeSpan.FromSeconds(30));
        return _credentials.TryGetValue(login, out var c) ? TestTotp.Code(c.Secret, Clock.GetUtcNow()) : "000000";
    }

    /// <summary>Records a password the person changed to (the console's password page).</summary>
    public void PasswordChanged(string login, string password) => _credentials[login] = (password, _credentials[login].Secret);

    /// <summary>`people reset`: new credentials and a new session stamp at the node.</summary>
    public async Task ResetAsync(string login)
    {
        var reset = await Node.Admin.ResetPersonAsync(new ResetPersonRequest { Login = login, StaffName = "test" });
        _credentials[login] = (reset.InitialPassword, reset.TotpSecret);
    }

    /// <summary>`people disable`.</summary>
    public Task DisableAsync(string login) => Node.Admin.DisablePersonAsync(new DisablePersonRequest { Login = login, StaffName = "test" }).ResponseAsync;

    /// <summary>The person as the node now holds them (null when disabled).</summary>
    public Task<Person?> GetAsync(string personId) => Node.Services.GetRequiredService<IPersonSignIn>().FindAsync(personId, CancellationToken.None);
}
