using System.Globalization;
using System.Diagnostics;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Query;
using Ceptoar.Node.Rules;
using Ceptoar.Node.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>
/// The asking side of a federated query and the directory of nodes. Partial results are the normal case: every peer
/// ends as answered, refused, timed out or unreachable, and the answers that came are merged. Nothing a peer returns is
/// taken on its word: each answer must carry its answering node's signature and each item its origin's.
/// </summary>
internal sealed class AdminQuery(InMemorySignerKeyResolver signerKeys, TimeProvider time, NodeOptions node, EnvelopeSigner signer, EnvelopeVerifiers verifiers, AuditLog audit, NodeDirectory directory, PeerSet peers, PeerChannels channels, CurrentMode mode)
{
    private const uint DefaultDeadlineMs = 5000;
    private const uint MaxDeadlineMs = 60_000;
    private const string Actor = "admin";
    private readonly EnvelopeVerifier _answerVerifier = new(signerKeys, new HashSet<string> { PayloadTypes.QueryAnswer }, 256 * 1024 * 1024);

    public async Task<QueryItemsResponse> QueryItemsAsync(QueryItemsRequest request, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        var spec = request.Spec ?? new QuerySpec();
        if (request.DeadlineMs > MaxDeadlineMs)
        {
            violations.Add(new FieldViolation("deadline_ms", string.Format(CultureInfo.InvariantCulture, AdministrationText.QueryDeadlineTooLarge, MaxDeadlineMs, DefaultDeadlineMs)));
        }

        if (spec.Limit > QuerySearch.MaxLimit)
        {
            violations.Add(new FieldViolation("spec.limit", string.Format(CultureInfo.InvariantCulture, AdministrationText.QueryLimitTooLarge, QuerySearch.MaxLimit, QuerySearch.DefaultLimit)));
        }

        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }

        var clock = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        var deadline = now.AddMilliseconds(request.DeadlineMs == 0 ? DefaultDeadlineMs : request.DeadlineMs);
        var scope = request.Scope == QueryScope.Federation ? QueryScope.Federation : QueryScope.Peers;
        var signed = new SignedQuery
        {
            QueryId = UuidV7.NewId(),
            Asker = node.Id,
            Spec = spec,
            Scope = scope,
            IssuedAt = Timestamp.FromDateTimeOffset(now),
            Deadline = Timestamp.FromDateTimeOffset(deadline),
        };
        var outgoing = new QueryRequest { QueryId = signed.QueryId, SignedQuery = signer.Sign(PayloadTypes.Query, signed.ToByteString()), Visited = { node.Id } };

        var replies = await QueryPeers.SendAsync(channels, peers.All.Select(p => (p.NodeId, p.Endpoint)), outgoing, deadline, cancellationToken);
        var merge = new Merge(signed.QueryId, node.Id);
        foreach (var reply in replies)
        {
            merge.Add(reply, _answerVerifier, verifiers.Item);
        }

        var response = merge.Result();
        response.ElapsedMs = (uint)clock.ElapsedMilliseconds;
        var counts = string.Join(' ', response.Statuses.Select(s => $"{s.NodeId}={s.Status}({s.Items})"));
        await audit.AppendAsync(new AuditRecord(Actor, "query.ask", signed.QueryId, "done",
            $"{QueryPeers.Summary(spec, scope)} items={response.Items.Count} {counts}"), cancellationToken);
        return response;
    }

    public DirectoryView GetDirectory()
    {
        var view = new DirectoryView();
        foreach (var entry in directory.Entries())
        {
            var d = entry.Descriptor;
            var shown = new DirectoryEntryView
            {
                NodeId = d.NodeId,
                Role = d.Role.ToString().ToLowerInvariant(),
                NameJa = d.NameJa,
                NameEn = d.NameEn,
                Sectors = { d.Sectors },
                Endpoints = { d.Endpoints },
                ContactMeans = { d.ContactMeans },
                EmergencyContact = d.EmergencyContact,
                ContactPoints = { d.ContactPoints },
                EmergencyDesk = d.EmergencyDesk,
                Peers = { d.Peers },
                ValidUntil = d.ValidUntil,
                IssuedAt = d.IssuedAt,
                // The directory holds only descriptors that verified against this node's own roots.
                Verified = true,
            };
            view.Nodes.Add(shown);
        }

        // The federation's mode as this node holds it (docs/MODES.md §4).
        var state = mode.State;
        view.Mode = state.Mode;
        if (state.IsLargeScale)
        {
            view.ModeScopeSectors.AddRange(state.ScopeSectors);
            view.ModeSince = Timestamp.FromDateTimeOffset(state.Since);
            view.ModePeriodId = state.PeriodId;
            view.ModeReportEveryMinutes = state.ReportEveryMinutes;
        }

        return view;
    }

    /// <summary>Merges replies: verified answers by answering node, items deduplicated by id, one status per node.</summary>
    private sealed class Merge(string queryId, string asker)
    {
        private readonly Dictionary<string, FederatedItem> _items = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (HashSet<string> Items, List<string> Notes)> _answered = new(StringComparer.Ordinal);
        private readonly Dictionary<string, NodeQueryStatus> _failed = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _notes = new(StringComparer.Ordinal);

        public void Add(PeerReply reply, EnvelopeVerifier answerVerifier, EnvelopeVerifier itemVerifier)
        {
            if (reply.Response is not { } response)
            {
                _failed[reply.PeerId] = reply.Failure!;
                return;
            }

            foreach (var envelope in response.Answers)
            {
                AddAnswer(reply.PeerId, envelope, answerVerifier, itemVerifier);
            }

            foreach (var status in response.Statuses.Where(s => s.Status != QueryPeers.Answered && s.NodeId != asker))
            {
                // Said by the replying peer about nodes behind it: only failures are taken on its word, never successes.
                _failed.TryAdd(status.NodeId, status);
            }
        }

        public QueryItemsResponse Result()
        {
            var response = new QueryItemsResponse { QueryId = queryId };
            response.Items.AddRange(_items.Values.OrderByDescending(i => i.Item.CreatedAt?.ToDateTimeOffset()).ThenBy(i => i.Item.Id, StringComparer.Ordinal));
            foreach (var (nodeId, (items, notes)) in _answered.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                response.Statuses.Add(QueryPeers.Status(nodeId, QueryPeers.Answered, string.Join("; ", notes.Distinct()), (uint)items.Count));
            }

            foreach (var (nodeId, status) in _failed.Where(f => !_answered.ContainsKey(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var reason = _notes.TryGetValue(nodeId, out var notes) ? string.Join("; ", [status.Reason, .. notes]) : status.Reason;
                response.Statuses.Add(QueryPeers.Status(nodeId, status.Status, reason, status.Items));
            }

            foreach (var (nodeId, notes) in _notes.Where(n => !_answered.ContainsKey(n.Key) && !_failed.ContainsKey(n.Key)))
            {
                response.Statuses.Add(QueryPeers.Status(nodeId, QueryPeers.Refused, string.Join("; ", notes)));
            }

            return response;
        }

        private void AddAnswer(string via, Envelope envelope, EnvelopeVerifier answerVerifier, EnvelopeVerifier itemVerifier)
        {
            var check = answerVerifier.Verify(envelope);
            QueryAnswer answer;
            try
            {
                answer = check.IsValid ? QueryAnswer.Parser.ParseFrom(envelope.Payload) : new QueryAnswer();
            }
            catch (InvalidProtocolBufferException)
            {
                answer = new QueryAnswer();
            }

            if (!check.IsValid || answer.AnsweringNode != check.Signer!.NodeId || answer.QueryId != queryId || answer.Asker != asker)
            {
                Note(via, check.IsValid ? AdministrationText.QueryAnswerNotForQuery : string.Format(CultureInfo.InvariantCulture, AdministrationText.QueryAnswerUnverified, check.Reason));
                return;
            }

            if (!_answered.TryGetValue(answer.AnsweringNode, out var entry))
            {
                entry = (new HashSet<string>(StringComparer.Ordinal), []);
                _answered[answer.AnsweringNode] = entry;
            }

            if (answer.Truncated)
            {
                entry.Notes.Add(AdministrationText.QueryTruncated);
            }

            foreach (var relayed in answer.Items)
            {
                var (item, result) = ItemEnvelope.Open(itemVerifier, relayed.Envelope ?? new Envelope());
                if (item is null)
                {
                    entry.Notes.Add(string.Format(CultureInfo.InvariantCulture, AdministrationText.QueryItemDropped, relayed.ItemId, result.Reason));
                    continue;
                }

                entry.Items.Add(item.Item.Id);
                if (!_items.TryGetValue(item.Item.Id, out var merged))
                {
                    merged = new FederatedItem { Item = item.Item, SignatureValid = true };
                    _items[item.Item.Id] = merged;
                }

                if (!merged.SeenAt.Contains(answer.AnsweringNode))
                {
                    merged.SeenAt.Add(answer.AnsweringNode);
                }
            }
        }

        private void Note(string nodeId, string note)
        {
            if (!_notes.TryGetValue(nodeId, out var notes))
            {
                notes = [];
                _notes[nodeId] = notes;
            }

            notes.Add(note);
        }
    }
}
