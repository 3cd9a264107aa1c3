using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Members;
using Ceptoar.Node.People;
using Ceptoar.Node.Storage;
using Grpc.Core;

namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>
/// The member API as a signed-in person's member calls it (docs/CONSOLE.md §3): the pages call MemberApi's own handlers
/// (List, Get, Acknowledge, Submit), so a person sees exactly what their member's feed shows, with the same Core/Policy
/// decision, the same validation, the same audit and the same receipts. No second path to the data.
/// </summary>
internal sealed class MemberDoor
{
    private readonly HttpContext _http;
    private readonly MemberApi _api;
    private readonly MemberCallContext _call;

    private MemberDoor(HttpContext http, Person person, MemberPrincipal principal)
    {
        _http = http;
        Person = person;
        Principal = principal;
        _api = ActivatorUtilities.CreateInstance<MemberApi>(http.RequestServices);
        _call = new MemberCallContext(http);
        principal.Attach(_call);
    }

    public Person Person { get; }

    public MemberPrincipal Principal { get; }

    public string MemberId => Principal.Member.MemberId;

    /// <summary>
    /// The door for the signed-in member person, or null (no person, a staff person, a member gone). The member is found
    /// again on every request: WebSession already ended the session of a person whose member was disabled.
    /// </summary>
    public static async Task<MemberDoor?> OpenAsync(HttpContext http)
    {
        if (WebSession.Current(http) is not { Kind: PersonKind.Member, MemberId: { } memberId } person)
        {
            return null;
        }

        var member = await http.RequestServices.GetRequiredService<MemberStore>().GetAsync(memberId, http.RequestAborted);
        if (member is null)
        {
            return null;
        }

        // The API's handlers need the key a call came with; a person has none, so the key names the person (never a secret).
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var key = new ApiKeyRecord("person:" + person.PersonId, memberId, "web-console", now);
        return new MemberDoor(http, person, new MemberPrincipal(member, key));
    }

    public Task<ListItemsResponse> ListAsync(ListItemsRequest request) => _api.List(request, _call);

    /// <summary>The item as Get answers it; null when the member may not see it or it does not exist (the same 404 for both).</summary>
    public async Task<MemberItem?> GetAsync(string itemId)
    {
        try
        {
            return await _api.Get(new GetItemRequest { ItemId = itemId }, _call);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.PermissionDenied or StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    public Task<AcknowledgeResponse> AcknowledgeAsync(string itemId, string note) =>
        _api.Acknowledge(new AcknowledgeRequest { ItemId = itemId, Note = note }, _call);

    public Task<SubmitResponse> SubmitAsync(SubmitRequest request) => _api.Submit(request, _call);

    /// <summary>
    /// The origin's signature on the stored envelope, checked by the Core verifier the node checks received items with
    /// (docs/CONSOLE.md §3): the key id when it verified and the signer is the item's origin, else null.
    /// </summary>
    public string? VerifiedKeyId(MemberItem item)
    {
        if (item.Envelope is null)
        {
            return null;
        }

        var verification = _http.RequestServices.GetRequiredService<EnvelopeVerifiers>().Item.Verify(item.Envelope);
        return verification is { IsValid: true, Signer: { } signer } && signer.NodeId == item.Item.OriginNode ? signer.KeyId : null;
    }
}
