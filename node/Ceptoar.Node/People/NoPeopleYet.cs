namespace Ceptoar.Node.People;

/// <summary>
/// Stands in for the people store until it is merged (issue 18): refuses every sign-in and finds nobody, so the web
/// console's shell runs and is tested on its own. Registered with TryAdd: the real implementation replaces it.
/// </summary>
internal sealed class NoPeopleYet : IPersonSignIn
{
    public Task<SignInResult> SignInAsync(string login, string password, string totpCode, string remoteAddress, CancellationToken cancellationToken) =>
        Task.FromResult(new SignInResult(SignInOutcome.Refused));

    public Task<Person?> FindAsync(string personId, CancellationToken cancellationToken) => Task.FromResult<Person?>(null);

    public Task SetLanguageAsync(string personId, string? language, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<PasswordChangeResult> ChangePasswordAsync(string personId, string currentPassword, string newPassword, CancellationToken cancellationToken) =>
        Task.FromResult(PasswordChangeResult.WrongPassword);
}
