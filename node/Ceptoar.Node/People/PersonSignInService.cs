using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.People;

/// <summary>
/// <see cref="IPersonSignIn"/> over the people table (docs/CONSOLE.md §2): PBKDF2 password, TOTP code with replay refused,
/// lockout per account, every attempt in the audit chain (never the password or the code).
/// </summary>
internal sealed partial class PersonSignInService(
    PeopleStore people, MemberStore members, IOptions<PeopleOptions> options, TimeProvider time, ILogger<PersonSignInService> logger) : IPersonSignIn
{
    // The reason codes the audit log shows for a refused attempt (docs/CONSOLE.md §2).
    private const string UnknownLogin = "unknown-login";
    private const string WrongPassword = "wrong-password";
    private const string WrongCode = "wrong-code";
    private const string CodeReplayed = "code-replayed";
    private const string LockedOut = "locked-out";
    private const string Disabled = "disabled";
    private const string WrongCurrentPassword = "password-change-wrong-password";

    private readonly PeopleOptions _options = options.Value;

    private TimeSpan LockFor => TimeSpan.FromMinutes(_options.LockoutMinutes);

    public async Task<SignInResult> SignInAsync(string login, string password, string totpCode, string remoteAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(totpCode);
        var remote = Remote(remoteAddress);
        var typed = (login ?? "").Trim();
        // A password longer than any a person may set is wrong without hashing it, so a huge field costs the node nothing.
        var usable = password.Length <= PersonRules.MaxPasswordLength;
        var person = PersonRules.IsLogin(typed) ? await people.FindByLoginAsync(typed, cancellationToken) : null;
        if (person is null)
        {
            // As long as a wrong password: the time of the answer does not tell whether the login exists.
            PersonCredentials.Verify(null, usable ? password : "");
            await Refuse(null, PersonRules.IsLogin(typed) ? typed : "(not a login)", UnknownLogin, remote, counted: false, cancellationToken);
            return new SignInResult(SignInOutcome.Refused);
        }

        var now = time.GetUtcNow();
        if (person.LockedUntil is { } until && until > now)
        {
            await Refuse(person, person.Login, LockedOut, remote, counted: false, cancellationToken);
            return new SignInResult(SignInOutcome.LockedOut, LockedUntil: until);
        }

        if (!usable || !PersonCredentials.Verify(person.PasswordHash, password))
        {
            return await Failed(person, WrongPassword, remote, cancellationToken);
        }

        var step = PersonCredentials.MatchStep(person.TotpSecret, totpCode, now);
        if (step is null)
        {
            return await Failed(person, WrongCode, remote, cancellationToken);
        }

        if (step <= person.TotpLastStep)
        {
            return await Failed(person, CodeReplayed, remote, cancellationToken);
        }

        // Only someone who knows the password and the code learns that the account is disabled.
        if (!await IsActiveAsync(person, cancellationToken))
        {
            await Refuse(person, person.Login, Disabled, remote, counted: false, cancellationToken);
            return new SignInResult(SignInOutcome.Disabled);
        }

        var signedIn = await people.RecordSignInAsync(person.PersonId, step.Value, now, remote, cancellationToken);
        return signedIn is null
            ? await Failed(person, CodeReplayed, remote, cancellationToken)
            : new SignInResult(SignInOutcome.Succeeded, View(signedIn));
    }

    public async Task<Person?> FindAsync(string personId, CancellationToken cancellationToken)
    {
        var person = await people.GetAsync(personId, cancellationToken);
        return person is not null && await IsActiveAsync(person, cancellationToken) ? View(person) : null;
    }

    public async Task SetLanguageAsync(string personId, string? language, CancellationToken cancellationToken)
    {
        if (language is not (null or "ja" or "en"))
        {
            throw new ArgumentException("The language is \"ja\", \"en\" or null.", nameof(language));
        }

        await people.SetLanguageAsync(personId, language, cancellationToken);
    }

    public async Task<PasswordChangeResult> ChangePasswordAsync(string personId, string current, string next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        var person = await people.GetAsync(personId, cancellationToken);
        if (person is null || !await IsActiveAsync(person, cancellationToken))
        {
            return new PasswordChangeResult(PasswordChangeOutcome.Disabled);
        }

        if (person.LockedUntil is { } until && until > time.GetUtcNow())
        {
            return new PasswordChangeResult(PasswordChangeOutcome.LockedOut, LockedUntil: until);
        }

        if (current.Length > PersonRules.MaxPasswordLength || !PersonCredentials.Verify(person.PasswordHash, current))
        {
            // Counted: a session left open must not let someone guess the password without limit.
            var locked = await Refuse(person, person.Login, WrongCurrentPassword, "-", counted: true, cancellationToken);
            return locked is null
                ? new PasswordChangeResult(PasswordChangeOutcome.WrongPassword)
                : new PasswordChangeResult(PasswordChangeOutcome.LockedOut, LockedUntil: locked);
        }

        if (PersonRules.CheckPassword(next, _options.MinPasswordLength, person.Login, person.DisplayName) is { } refusal)
        {
            return new PasswordChangeResult(refusal, MinLength: _options.MinPasswordLength);
        }

        var changed = await people.ChangePasswordAsync(person.PersonId, PersonCredentials.Hash(next), PersonCredentials.NewStamp(), cancellationToken);
        return changed is null ? new PasswordChangeResult(PasswordChangeOutcome.Disabled) : new PasswordChangeResult(PasswordChangeOutcome.Changed, View(changed));
    }

    /// <summary>The contract's view of a stored person.</summary>
    public static Person View(PersonRecord person) => new(
        person.PersonId, person.Login, person.DisplayName, person.MemberId, Kind(person.Kind), person.Language, person.SessionStamp);

    public static PersonKind Kind(string kind) => kind switch
    {
        PersonRecord.Member => PersonKind.Member,
        PersonRecord.Council => PersonKind.Council,
        _ => PersonKind.Staff,
    };

    private async Task<SignInResult> Failed(PersonRecord person, string reason, string remote, CancellationToken cancellationToken)
    {
        var locked = await Refuse(person, person.Login, reason, remote, counted: true, cancellationToken);
        return locked is null ? new SignInResult(SignInOutcome.Refused) : new SignInResult(SignInOutcome.LockedOut, LockedUntil: locked);
    }

    private async Task<DateTimeOffset?> Refuse(PersonRecord? person, string login, string reason, string remote, bool counted, CancellationToken cancellationToken)
    {
        // Not cancellable: a refused attempt is counted and audited even when the browser went away meanwhile.
        var locked = await people.RecordRefusalAsync(person, login, reason, remote, counted, _options.MaxFailedSignIns, LockFor, time.GetUtcNow(), CancellationToken.None);
        if (locked is { } until)
        {
            LogLockedOut(login, _options.MaxFailedSignIns, until);
        }

        return locked;
    }

    /// <summary>The person is enabled and, for a member's person, the member exists and is enabled.</summary>
    private async Task<bool> IsActiveAsync(PersonRecord person, CancellationToken cancellationToken) =>
        !person.Disabled && (person.MemberId is null || await members.GetAsync(person.MemberId, cancellationToken) is { Disabled: false });

    /// <summary>The remote address as given by the web listener, cut to what an address can be so the audit line stays one short line.</summary>
    private static string Remote(string? remote) =>
        string.IsNullOrWhiteSpace(remote) ? "-" : new string([.. remote.Trim().Take(64).Select(c => char.IsControl(c) || c == ' ' ? '_' : c)]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Person {Login} is locked out after {Failures} failed sign-ins, until {Until:O}")]
    private partial void LogLockedOut(string login, int failures, DateTimeOffset until);
}
