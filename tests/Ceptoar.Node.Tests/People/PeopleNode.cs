using Ceptoar.Federation.V1;
using Ceptoar.Node.People;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.People;

/// <summary>One real node (TLS, SQLite file, admin socket) with a clock the tests move forward, and two members.</summary>
public sealed class PeopleNode : IAsyncLifetime
{
    public const string Member = "mizuho-bank";

    /// <summary>A member the tests disable; only its people are affected.</summary>
    public const string OtherMember = "resona-bank";

    private readonly TestDirectory _dir = new();

    internal JumpClock Clock { get; } = new();

    internal TestNode Node { get; private set; } = null!;

    internal IPersonSignIn SignIn => Node.Services.GetRequiredService<IPersonSignIn>();

    public async Task InitializeAsync()
    {
        Node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("data"), clock: Clock);
        await Node.AddMemberWithKeyAsync(Member);
        await Node.AddMemberWithKeyAsync(OtherMember);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>A person of <paramref name="member"/> (staff when null), added through the admin API as `people add` does.</summary>
    internal Task<AddPersonResponse> AddAsync(string login, string? member = Member, string name = "Tanaka Hanako") =>
        Node.Admin.AddPersonAsync(new AddPersonRequest
        {
            Login = login, DisplayName = name, MemberId = member ?? "", Kind = member is null ? PersonAccountKind.Staff : PersonAccountKind.Member, StaffName = "suzuki",
        }).ResponseAsync;

    /// <summary>The code an authenticator app shows now for the secret.</summary>
    internal string CodeNow(string secret) => TestTotp.Code(secret, Clock.GetUtcNow());

    internal async Task<IReadOnlyList<AuditEntry>> AuditAsync(string action) =>
        (await Node.Admin.ListAuditAsync(new ListAuditRequest { Action = action, Limit = 1000 })).Entries;
}
