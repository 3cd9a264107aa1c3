using System.Globalization;
using System.Buffers.Text;
using System.Security.Cryptography;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Notifications;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>The contacts part of the admin API: a member's people and systems, the secretariat's duty roster (docs/NOTIFICATIONS.md §6).</summary>
internal sealed class AdminContacts(ContactStore contacts, ContactBook book, MemberStore members, TimeProvider time)
{
    private const string Actor = "admin";

    /// <summary>Bytes of randomness in a webhook secret (256 bits; the HMAC key is the secret as shown, in ASCII).</summary>
    private const int SecretBytes = 32;

    public async Task<AddContactResponse> AddAsync(AddContactRequest request, CancellationToken cancellationToken)
    {
        var violations = ContactRules.Validate(request);
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }

        string? memberId = request.DutyRoster ? null : request.MemberId.Trim();
        if (memberId is not null)
        {
            var member = await members.GetAsync(memberId, cancellationToken)
                ?? throw GrpcErrors.NotFound(ErrorReasons.MemberNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.MemberNotFoundAddFirst, memberId));
            if (member.Disabled)
            {
                throw GrpcErrors.FailedPrecondition(ErrorReasons.MemberDisabled, string.Format(CultureInfo.InvariantCulture, AdministrationText.ContactMemberDisabled, memberId));
            }
        }

        var webhook = request.WebhookUrl.Trim().Length > 0;
        var secret = webhook ? NewSecret() : null;
        var record = new ContactRecord(
            "ct-" + RandomNumberGenerator.GetHexString(10, lowercase: true), memberId, request.Name.Trim(),
            webhook ? ContactRecord.Webhook : ContactRecord.Email, webhook ? request.WebhookUrl.Trim() : request.Email.Trim(),
            NotificationLanguagesCode(request.Language), request.Role.Trim(),
            [.. request.Kinds.Select(k => k.Trim().ToLowerInvariant()).Distinct()], [.. request.Labels.Select(ContactRules.Label).Distinct()],
            ContactRules.Severity(request.MinSeverity), !request.NoExercises, secret, time.GetUtcNow());
        if (!await contacts.AddAsync(record, Actor, cancellationToken))
        {
            throw GrpcErrors.Refusal(Grpc.Core.StatusCode.Aborted, ErrorReasons.IdCollided, AdministrationText.ContactIdCollided);
        }

        // In memory before the answer: an item committed after `contacts add` returns notifies the new contact.
        await book.LoadAsync(cancellationToken);
        return new AddContactResponse { Contact = View(record), WebhookSecret = secret ?? "" };
    }

    public async Task<ListContactsResponse> ListAsync(ListContactsRequest request, CancellationToken cancellationToken)
    {
        var member = request.MemberId.Trim();
        var list = await contacts.ListAsync(member.Length == 0 ? null : member, cancellationToken);
        var response = new ListContactsResponse();
        response.Contacts.AddRange(list.Select(View));
        return response;
    }

    public async Task<NotifyContact> GetAsync(GetContactRequest request, CancellationToken cancellationToken) =>
        View(await contacts.GetAsync(ContactId(request.ContactId), cancellationToken) ?? throw NotFound(request.ContactId));

    public async Task<NotifyContact> RemoveAsync(RemoveContactRequest request, CancellationToken cancellationToken)
    {
        var id = ContactId(request.ContactId);
        AdminRequests.Reason(request.Reason);

        var removed = await contacts.RemoveAsync(id, Actor, cancellationToken) ?? throw NotFound(id);
        await book.LoadAsync(cancellationToken);
        return View(removed);
    }

    public static NotifyContact View(ContactRecord record)
    {
        var view = new NotifyContact
        {
            ContactId = record.ContactId,
            MemberId = record.MemberId ?? "",
            DutyRoster = record.IsDutyRoster,
            Name = record.Name,
            Channel = record.Channel,
            Address = record.Address,
            Language = record.Language,
            Role = record.Role,
            MinSeverity = ContactRules.SeverityCodes[Math.Clamp(record.MinSeverity, 0, ContactRules.SeverityCodes.Count - 1)],
            Exercises = record.Exercises,
            CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
        };
        view.Kinds.AddRange(record.Kinds);
        view.Labels.AddRange(record.Labels);
        return view;
    }

    public static string ContactId(string id) =>
        string.IsNullOrWhiteSpace(id) ? throw GrpcErrors.InvalidArgument("contact_id", AdministrationText.ContactIdMissing) : id.Trim();

    public static Grpc.Core.RpcException NotFound(string id) => GrpcErrors.NotFound(ErrorReasons.ContactNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.ContactNotFound, id));

    private static string NotificationLanguagesCode(string language)
    {
        Core.Policy.NotificationLanguages.TryParse(language, out var parsed);
        return Core.Policy.NotificationLanguages.Code(parsed);
    }

    private static string NewSecret()
    {
        Span<byte> random = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(random);
        return "whsec_" + Base64Url.EncodeToString(random);
    }
}
