namespace Ceptoar.Node.Api;

/// <summary>
/// The stable google.rpc.ErrorInfo reasons of the node's refusals (README "Error reasons", docs/OPERATIONS.md §5): a
/// program branches on these, never on the translated message. A reason is never renamed once released; every reason
/// used in code is one of these constants, and the README table lists exactly these.
/// </summary>
internal static class ErrorReasons
{
    /// <summary>ErrorInfo.domain: the federation's own domain, so the reasons do not collide with a library's.</summary>
    public const string Domain = "ceptoar.jp";

    // Requests and fields.
    public const string FieldInvalid = "FIELD_INVALID";
    public const string PageTokenInvalid = "PAGE_TOKEN_INVALID";
    public const string MessageInvalid = "MESSAGE_INVALID";
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";
    public const string ExportTooLarge = "EXPORT_TOO_LARGE";
    public const string ImportRefused = "IMPORT_REFUSED";
    public const string RouteNotFound = "ROUTE_NOT_FOUND";
    public const string BodyNotJson = "BODY_NOT_JSON";

    // Members and keys.
    public const string ApiKeyMissing = "API_KEY_MISSING";
    public const string ApiKeyUnknown = "API_KEY_UNKNOWN";
    public const string ApiKeyRevoked = "API_KEY_REVOKED";
    public const string MemberDisabled = "MEMBER_DISABLED";
    public const string RateLimited = "RATE_LIMITED";

    // Items.
    public const string ItemNotFound = "ITEM_NOT_FOUND";
    public const string ItemNotShared = "ITEM_NOT_SHARED";
    public const string ItemNotOwn = "ITEM_NOT_OWN";
    public const string ItemRevoked = "ITEM_REVOKED";
    public const string ItemKindNotAllowed = "ITEM_KIND_NOT_ALLOWED";
    public const string ItemHeld = "ITEM_HELD";
    public const string ItemPurged = "ITEM_PURGED";
    public const string ItemSealed = "ITEM_SEALED";
    public const string ItemNotHeld = "ITEM_NOT_HELD";
    public const string ItemAlreadyCopied = "ITEM_ALREADY_COPIED";
    public const string ItemNotFromMember = "ITEM_NOT_FROM_MEMBER";
    public const string NotOriginNode = "NOT_ORIGIN_NODE";
    public const string NotAddressed = "NOT_ADDRESSED";
    public const string OwnItem = "OWN_ITEM";

    // Node roles, modes and state.
    public const string RoleNotAllowed = "ROLE_NOT_ALLOWED";
    public const string NodeNotCertified = "NODE_NOT_CERTIFIED";
    public const string NodeStopping = "NODE_STOPPING";
    public const string ModeAlreadySet = "MODE_ALREADY_SET";
    public const string NoOpenPeriod = "NO_OPEN_PERIOD";
    public const string NoHubPeers = "NO_HUB_PEERS";
    public const string AlreadyDecided = "ALREADY_DECIDED";
    public const string ChangedMeanwhile = "CHANGED_MEANWHILE";
    public const string IdCollided = "ID_COLLIDED";
    public const string RevocationListOlder = "REVOCATION_LIST_OLDER";

    // Things staff name that are not there, or are there already.
    public const string MemberNotFound = "MEMBER_NOT_FOUND";
    public const string ApiKeyNotFound = "API_KEY_NOT_FOUND";
    public const string PeerNotFound = "PEER_NOT_FOUND";
    public const string RuleNotFound = "RULE_NOT_FOUND";
    public const string ContactNotFound = "CONTACT_NOT_FOUND";
    public const string ExerciseNotFound = "EXERCISE_NOT_FOUND";
    public const string DrillNotFound = "DRILL_NOT_FOUND";
    public const string PeriodNotFound = "PERIOD_NOT_FOUND";
    public const string PersonNotFound = "PERSON_NOT_FOUND";
    public const string MemberExists = "MEMBER_EXISTS";
    public const string RuleExists = "RULE_EXISTS";
    public const string LoginExists = "LOGIN_EXISTS";
    public const string FileExists = "FILE_EXISTS";
    public const string BackupTargetUnusable = "BACKUP_TARGET_UNUSABLE";

    // Federation.
    public const string PeerCertificateInvalid = "PEER_CERTIFICATE_INVALID";
    public const string PeerCertificateRevoked = "PEER_CERTIFICATE_REVOKED";
    public const string PeerCertificateExpired = "PEER_CERTIFICATE_EXPIRED";
    public const string PeerNotConfigured = "PEER_NOT_CONFIGURED";
    public const string PeerCallEnded = "PEER_CALL_ENDED";
    public const string DescriptorMismatch = "DESCRIPTOR_MISMATCH";
    public const string SignatureInvalid = "SIGNATURE_INVALID";
    public const string QueryExpired = "QUERY_EXPIRED";
    public const string QueryUntimely = "QUERY_UNTIMELY";
    public const string QueryRateLimited = "QUERY_RATE_LIMITED";
}
