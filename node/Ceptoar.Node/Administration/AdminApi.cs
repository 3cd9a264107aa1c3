using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Administration;

/// <summary>
/// The admin API on the node's Unix socket: a thin adapter, each call one line into the feature service that owns it
/// (members and keys, items, audit, status, federation, queries, rules, the approval queue, contacts and notifications, drills, exercises, the mode and the status board, people of the web console).
/// </summary>
internal sealed class AdminApi(
    AdminMembers members, AdminItems items, AdminAudit audit, AdminStatus status, AdminFederation federation, AdminRules rules, AdminQueue queue, AdminQuery query,
    AdminAcknowledgements acknowledgements, AdminContacts contacts, AdminNotify notify, AdminDrills drills, AdminExercises exercises, AdminModes modes,
    AdminRevocations revocations, AdminBackup backup, AdminInterchange interchange,
    AdminStatistics statistics, AdminPeople people)
    : AdminService.AdminServiceBase
{
    public override Task<Member> AddMember(AddMemberRequest request, ServerCallContext context) => members.AddAsync(request, context.CancellationToken);

    public override Task<ListMembersResponse> ListMembers(ListMembersRequest request, ServerCallContext context) => members.ListAsync(request, context.CancellationToken);

    public override Task<Member> GetMember(GetMemberRequest request, ServerCallContext context) => members.GetAsync(request, context.CancellationToken);

    public override Task<Member> DisableMember(DisableMemberRequest request, ServerCallContext context) => members.DisableAsync(request, context.CancellationToken);

    public override Task<IssueApiKeyResponse> IssueApiKey(IssueApiKeyRequest request, ServerCallContext context) => members.IssueKeyAsync(request, context.CancellationToken);

    public override Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context) => members.ListKeysAsync(request, context.CancellationToken);

    public override Task<ApiKeyInfo> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context) => members.RevokeKeyAsync(request, context.CancellationToken);

    public override Task<AdminListItemsResponse> ListItems(AdminListItemsRequest request, ServerCallContext context) => items.ListAsync(request, context.CancellationToken);

    public override Task<AdminItem> GetItem(AdminGetItemRequest request, ServerCallContext context) => items.GetAsync(request, context.CancellationToken);

    public override Task<SubmitResponse> SubmitItem(AdminSubmitRequest request, ServerCallContext context) => items.SubmitAsync(request, context.CancellationToken);

    public override Task<RevokeResponse> RevokeItem(RevokeItemRequest request, ServerCallContext context) => items.RevokeAsync(request, context.CancellationToken);

    public override Task<SubmitResponse> CorrectItem(CorrectItemRequest request, ServerCallContext context) => items.CorrectAsync(request, context.CancellationToken);

    public override Task<ExportedDocument> ExportItems(AdminExportRequest request, ServerCallContext context) => interchange.ExportAsync(request, context.CancellationToken);

    public override Task<ImportResponse> ImportItems(AdminImportRequest request, ServerCallContext context) => interchange.ImportAsync(request, context.CancellationToken);

    public override Task<ListAuditResponse> ListAudit(ListAuditRequest request, ServerCallContext context) => audit.ListAsync(request, context.CancellationToken);

    public override Task<VerifyAuditResponse> VerifyAudit(VerifyAuditRequest request, ServerCallContext context) => audit.VerifyAsync(request, context.CancellationToken);

    public override Task<NodeStatus> GetStatus(GetStatusRequest request, ServerCallContext context) => status.GetAsync(context.CancellationToken);

    public override Task<Peer> AddPeer(AddPeerRequest request, ServerCallContext context) => federation.AddPeerAsync(request, context.CancellationToken);

    public override Task<ListPeersResponse> ListPeers(ListPeersRequest request, ServerCallContext context) => federation.ListPeersAsync(context.CancellationToken);

    public override Task<Peer> RemovePeer(RemovePeerRequest request, ServerCallContext context) => federation.RemovePeerAsync(request, context.CancellationToken);

    public override Task<ItemStatus> GetItemStatus(GetItemStatusRequest request, ServerCallContext context) => federation.ItemStatusAsync(request, context.CancellationToken);

    public override Task<AcknowledgeItemResponse> AcknowledgeItem(AcknowledgeItemRequest request, ServerCallContext context) =>
        acknowledgements.AcknowledgeAsync(request, context.CancellationToken);

    public override Task<FetchItemsResponse> FetchItems(FetchItemsRequest request, ServerCallContext context) => federation.FetchAsync(request, context.CancellationToken);

    public override Task<QueryItemsResponse> QueryItems(QueryItemsRequest request, ServerCallContext context) => query.QueryItemsAsync(request, context.CancellationToken);

    public override Task<DirectoryView> GetDirectory(GetDirectoryRequest request, ServerCallContext context) => Task.FromResult(query.GetDirectory());

    public override Task<RuleSetView> ListRules(ListRulesRequest request, ServerCallContext context) => rules.ListAsync(context.CancellationToken);

    public override Task<RuleView> GetRule(GetRuleRequest request, ServerCallContext context) => rules.GetAsync(request, context.CancellationToken);

    public override Task<RuleSetView> AddRule(AddRuleRequest request, ServerCallContext context) => rules.AddAsync(request, context.CancellationToken);

    public override Task<RuleSetView> RemoveRule(RemoveRuleRequest request, ServerCallContext context) => rules.RemoveAsync(request, context.CancellationToken);

    public override Task<RuleSetView> MoveRule(MoveRuleRequest request, ServerCallContext context) => rules.MoveAsync(request, context.CancellationToken);

    public override Task<RuleSetView> ImportRules(ImportRulesRequest request, ServerCallContext context) => rules.ImportAsync(request, context.CancellationToken);

    public override Task<TestRulesResponse> TestRules(TestRulesRequest request, ServerCallContext context) => rules.TestAsync(request, context.CancellationToken);

    public override Task<ListHeldResponse> ListHeld(ListHeldRequest request, ServerCallContext context) => queue.ListAsync(request, context.CancellationToken);

    public override Task<HeldItemDetail> GetHeld(GetHeldRequest request, ServerCallContext context) => queue.GetAsync(request.ItemId, context.CancellationToken);

    public override Task<HeldItemDetail> EditHeld(EditHeldRequest request, ServerCallContext context) => queue.EditAsync(request, context.CancellationToken);

    public override Task<HeldItem> ApproveHeld(ApproveHeldRequest request, ServerCallContext context) => queue.ApproveAsync(request, context.CancellationToken);

    public override Task<HeldItem> RejectHeld(RejectHeldRequest request, ServerCallContext context) => queue.RejectAsync(request, context.CancellationToken);

    public override Task<AddContactResponse> AddContact(AddContactRequest request, ServerCallContext context) => contacts.AddAsync(request, context.CancellationToken);

    public override Task<ListContactsResponse> ListContacts(ListContactsRequest request, ServerCallContext context) => contacts.ListAsync(request, context.CancellationToken);

    public override Task<NotifyContact> GetContact(GetContactRequest request, ServerCallContext context) => contacts.GetAsync(request, context.CancellationToken);

    public override Task<NotifyContact> RemoveContact(RemoveContactRequest request, ServerCallContext context) => contacts.RemoveAsync(request, context.CancellationToken);

    public override Task<NotifyStatusResponse> GetNotifyStatus(GetNotifyStatusRequest request, ServerCallContext context) => notify.StatusAsync(request, context.CancellationToken);

    public override Task<TestNotifyResponse> TestNotify(TestNotifyRequest request, ServerCallContext context) => notify.TestAsync(request, context.CancellationToken);

    public override Task<StartDrillResponse> StartDrill(StartDrillRequest request, ServerCallContext context) => drills.StartAsync(request, context.CancellationToken);

    public override Task<ListDrillsResponse> ListDrills(ListDrillsRequest request, ServerCallContext context) => drills.ListAsync(request, context.CancellationToken);

    public override Task<DrillSummary> CloseDrill(CloseDrillRequest request, ServerCallContext context) => drills.CloseAsync(request, context.CancellationToken);

    public override Task<DrillReport> GetDrillReport(GetDrillReportRequest request, ServerCallContext context) => drills.ReportAsync(request, context.CancellationToken);

    public override Task<StartExerciseResponse> StartExercise(StartExerciseRequest request, ServerCallContext context) => exercises.StartAsync(request, context.CancellationToken);

    public override Task<ListExercisesResponse> ListExercises(ListExercisesRequest request, ServerCallContext context) => exercises.ListAsync(request, context.CancellationToken);

    public override Task<ExerciseReport> GetExerciseReport(GetExerciseReportRequest request, ServerCallContext context) => exercises.ReportAsync(request, context.CancellationToken);

    public override Task<ModeView> SetMode(SetModeRequest request, ServerCallContext context) => modes.SetAsync(request, context.CancellationToken);

    public override Task<ModeView> GetMode(GetModeRequest request, ServerCallContext context) => modes.GetAsync(context.CancellationToken);

    public override Task<StatusBoard> GetStatusBoard(GetStatusBoardRequest request, ServerCallContext context) => modes.BoardAsync(request, context.CancellationToken);

    public override Task<RevocationListView> PublishRevocations(PublishRevocationsRequest request, ServerCallContext context) => revocations.PublishAsync(request, context.CancellationToken);
    public override Task<BackupResponse> Backup(BackupRequest request, ServerCallContext context) => backup.BackupAsync(request, context.CancellationToken);

    public override Task<SharingStatisticsResponse> SharingStatistics(SharingStatisticsRequest request, ServerCallContext context) => statistics.SharingAsync(request, context.CancellationToken);
    public override Task<AddPersonResponse> AddPerson(AddPersonRequest request, ServerCallContext context) => people.AddAsync(request, context.CancellationToken);

    public override Task<ListPeopleResponse> ListPeople(ListPeopleRequest request, ServerCallContext context) => people.ListAsync(request, context.CancellationToken);

    public override Task<DisablePersonResponse> DisablePerson(DisablePersonRequest request, ServerCallContext context) => people.DisableAsync(request, context.CancellationToken);

    public override Task<EnablePersonResponse> EnablePerson(EnablePersonRequest request, ServerCallContext context) => people.EnableAsync(request, context.CancellationToken);

    public override Task<ResetPersonResponse> ResetPerson(ResetPersonRequest request, ServerCallContext context) => people.ResetAsync(request, context.CancellationToken);
}
