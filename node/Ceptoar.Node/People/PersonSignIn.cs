namespace Ceptoar.Node.People;

/// <summary>Whom a person account belongs to (issue 18; docs/CONSOLE.md): a member company, or this node's secretariat.</summary>
public enum PersonKind
{
    /// <summary>A person at a member company: sees exactly what the member's feed shows, submits and acknowledges as the member.</summary>
    Member,

    /// <summary>Secretariat staff of this node: the approval queue, drills, the directory, statistics.</summary>
    Staff,

    /// <summary>Staff who may also run federated queries across peers (the CEPTOAR Council's members).</summary>
    Council,
}

/// <summary>A person who can sign in to the web console, as the console needs to know them on every request.</summary>
/// <param name="PersonId">Stable id (UUIDv7 text); never reused.</param>
/// <param name="Login">What the person types to sign in (an e-mail address or a short name), unique at the node, compared case-insensitively.</param>
/// <param name="DisplayName">The name shown on pages and written in the audit log.</param>
/// <param name="MemberId">The member company for <see cref="PersonKind.Member"/>; null for staff and Council.</param>
/// <param name="Kind">Member, staff or Council.</param>
/// <param name="Language">"ja" or "en": the person's chosen language, or null to follow the browser.</param>
/// <param name="SessionStamp">Changes when the password or second factor is reset or the account is disabled: a cookie issued under another stamp is no longer valid.</param>
public sealed record Person(string PersonId, string Login, string DisplayName, string? MemberId, PersonKind Kind, string? Language, string SessionStamp);

/// <summary>The outcome of one sign-in attempt.</summary>
public enum SignInOutcome
{
    /// <summary>Password and second factor are right: <see cref="SignInResult.Person"/> is set.</summary>
    Succeeded,

    /// <summary>Unknown login, wrong password or wrong code: one answer for all three, so a login cannot be probed.</summary>
    Refused,

    /// <summary>Too many failed attempts: refused until <see cref="SignInResult.LockedUntil"/> whatever is typed.</summary>
    LockedOut,

    /// <summary>The account was disabled by the secretariat (or its member was).</summary>
    Disabled,
}

/// <summary>What a sign-in attempt came to.</summary>
public sealed record SignInResult(SignInOutcome Outcome, Person? Person = null, DateTimeOffset? LockedUntil = null);

/// <summary>What a change of one's own password came to.</summary>
public enum PasswordChangeResult
{
    /// <summary>Stored: the session stamp changed, so the person's other sessions end.</summary>
    Changed,

    /// <summary>The current password given was not the person's: nothing changed.</summary>
    WrongPassword,

    /// <summary>The new password does not meet the node's password rules: nothing changed.</summary>
    TooWeak,
}

/// <summary>
/// Signs people in and finds them again on each request (issue 18). The web console depends on this only; the
/// implementation (people store, password hasher, TOTP, lockout, audit) lives beside it in this folder.
/// </summary>
public interface IPersonSignIn
{
    /// <summary>
    /// Checks the login, the password and the current TOTP code (all three required), counts failures towards the
    /// lockout and audits the attempt (`person.signin` / `person.signin.refused`) with <paramref name="remoteAddress"/>.
    /// </summary>
    Task<SignInResult> SignInAsync(string login, string password, string totpCode, string remoteAddress, CancellationToken cancellationToken);

    /// <summary>The person as now stored, or null when unknown or disabled; the console compares the session stamp.</summary>
    Task<Person?> FindAsync(string personId, CancellationToken cancellationToken);

    /// <summary>Stores the person's language choice ("ja", "en", or null to follow the browser).</summary>
    Task SetLanguageAsync(string personId, string? language, CancellationToken cancellationToken);

    /// <summary>Changes the person's own password after checking the current one (audited); the new session stamp ends other sessions.</summary>
    Task<PasswordChangeResult> ChangePasswordAsync(string personId, string currentPassword, string newPassword, CancellationToken cancellationToken);
}
