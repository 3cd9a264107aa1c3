using System.Collections.Concurrent;
using Ceptoar.Node.People;

namespace Ceptoar.Node.Tests.Web;

/// <summary>
/// People for the console's tests, standing in for the people store until it is merged (issue 18, docs/CONSOLE.md §8):
/// a fixed password and code, one login locked out until a known time, one whose sign-in fails inside the store.
/// </summary>
internal sealed class TestPeople : IPersonSignIn
{
    public const string Password = "correct horse battery staple";
    public const string Code = "246810";
    public const string LockedLogin = "locked@example.jp";
    public const string FailingLogin = "failing@example.jp";

    /// <summary>05:30 UTC: 14:30 in Asia/Tokyo (+09:00), the node's default zone.</summary>
    public static readonly DateTimeOffset LockedUntil = new(2026, 12, 7, 5, 30, 0, TimeSpan.Zero);

    private readonly ConcurrentDictionary<string, Person> _people = new();

    /// <summary>Every sign-in attempt the console passed on: login and remote address.</summary>
    public ConcurrentQueue<(string Login, string Remote)> Attempts { get; } = new();

    public Person Add(string login, string displayName, string? memberId, PersonKind kind)
    {
        var person = new Person(Guid.CreateVersion7().ToString(), login, displayName, memberId, kind, null, Guid.NewGuid().ToString("N"));
        _people[person.PersonId] = person;
        return person;
    }

    /// <summary>As the store does on a password or second-factor reset: a new session stamp.</summary>
    public void Reset(string personId) => _people[personId] = _people[personId] with { SessionStamp = Guid.NewGuid().ToString("N") };

    public void Disable(string personId) => _people.TryRemove(personId, out _);

    public Person Get(string personId) => _people[personId];

    public Task<SignInResult> SignInAsync(string login, string password, string totpCode, string remoteAddress, CancellationToken cancellationToken)
    {
        Attempts.Enqueue((login, remoteAddress));
        if (login == FailingLogin)
        {
            throw new InvalidOperationException("the people store failed (test)");
        }

        if (login == LockedLogin)
        {
            return Task.FromResult(new SignInResult(SignInOutcome.LockedOut, LockedUntil: LockedUntil));
        }

        var person = _people.Values.FirstOrDefault(p => string.Equals(p.Login, login, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(person is not null && password == Password && totpCode == Code
            ? new SignInResult(SignInOutcome.Succeeded, person)
            : new SignInResult(SignInOutcome.Refused));
    }

    public Task<Person?> FindAsync(string personId, CancellationToken cancellationToken) => Task.FromResult(_people.GetValueOrDefault(personId));

    public Task SetLanguageAsync(string personId, string? language, CancellationToken cancellationToken)
    {
        _people[personId] = _people[personId] with { Language = language };
        return Task.CompletedTask;
    }

    public Task<PasswordChangeResult> ChangePasswordAsync(string personId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        if (currentPassword != Password)
        {
            return Task.FromResult(PasswordChangeResult.WrongPassword);
        }

        if (newPassword.Length < 12)
        {
            return Task.FromResult(PasswordChangeResult.TooWeak);
        }

        Reset(personId);
        return Task.FromResult(PasswordChangeResult.Changed);
    }
}
