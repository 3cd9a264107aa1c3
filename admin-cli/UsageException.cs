namespace Ceptoar.AdminCli;

/// <summary>A mistake in the command line found after parsing (exit code 1); its message says what to change.</summary>
internal sealed class UsageException(string message) : Exception(message);
