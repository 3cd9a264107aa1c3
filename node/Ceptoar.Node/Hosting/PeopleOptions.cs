namespace Ceptoar.Node.Hosting;

/// <summary>The "People" settings: passwords and lockout of the people who sign in to the web console (docs/CONSOLE.md §2).</summary>
public sealed class PeopleOptions
{
    public const string Section = "People";

    /// <summary>The shortest password a person may choose (default 12).</summary>
    public int MinPasswordLength { get; set; } = 12;

    /// <summary>Failed sign-ins (wrong password or code) after which the account is locked (default 5).</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked, in minutes (default 15).</summary>
    public int LockoutMinutes { get; set; } = 15;
}
