namespace Ceptoar.AdminCli;

/// <summary>The process exit codes of ceptoar-admin; scripts rely on them, so they never change meaning.</summary>
/// <remarks>
/// | code | meaning                                                                              |
/// | ---- | ------------------------------------------------------------------------------------ |
/// | 0    | success                                                                              |
/// | 1    | usage or validation error (bad or missing arguments); nothing was sent to the node   |
/// | 2    | node unreachable: not running, socket refused, or no answer within --timeout         |
/// | 3    | `audit verify`: the audit log's hash chain is broken                                 |
/// | 4    | not found: the member, key or item does not exist on the node                        |
/// | 5    | permission denied: on the admin socket, or refused by the node                       |
/// | 6    | refused by the node: invalid argument, already exists, failed precondition...        |
/// | 7    | the node failed: internal error, data loss, or a call it does not implement          |
/// | 130  | interrupted (Ctrl+C)                                                                 |
/// The root command's help shows the same table from CommonText.ExitCodesHelp, in the reader's language.
/// </remarks>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int Unreachable = 2;
    public const int AuditBroken = 3;
    public const int NotFound = 4;
    public const int PermissionDenied = 5;
    public const int Refused = 6;
    public const int NodeFailure = 7;
    public const int Interrupted = 130;
}
