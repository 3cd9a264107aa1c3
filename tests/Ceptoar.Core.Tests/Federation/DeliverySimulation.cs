using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>
/// Carries one item through a whole federation with the real policies: every node decides where to send it
/// (<see cref="ForwardingPolicy"/>), every receiver decides whether to take it (<see cref="AcceptancePolicy"/>) after
/// dropping duplicates by item id, and accepting hubs pass it on with the path extended. Messages are delivered in a
/// random order, as a real federation would. Every broken invariant is collected as a sentence.
/// </summary>
internal sealed class DeliverySimulation
{
    private readonly Topology _fed;
    private readonly RoutingFacts _item;
    private readonly Random _random;
    private readonly List<Message> _inFlight = [];
    private readonly HashSet<string> _holders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _forMe = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];
    private readonly int _messageBound;
    private RoutingFacts? _sealedEnvelope;

    private DeliverySimulation(Topology fed, RoutingFacts item, Random random)
    {
        _fed = fed;
        _item = item;
        _random = random;
        var origin = fed.Exists(item.OriginNode) ? item.OriginNode : fed.Ids.First();
        Addressed = FederationRecipients.Of(item, fed.ViewOf(origin));
        IsRestricted = TlpTransport.IsKnown(item.Tlp) && TlpTransport.MustSealBeyondDirectPeers(item.Tlp);

        // Each node forwards at most once (dedup), each time at most once per peer: more messages means a loop.
        _messageBound = fed.Ids.Sum(id => fed.PeersOf(id).Count);
        _sealedEnvelope = item.IsSealed ? item : null;
    }

    private sealed record Message(string From, string To, Transport Transport, RoutingFacts Envelope, IReadOnlyList<string> Path);

    /// <summary>The addressed nodes as the origin resolves them: who must get it, and the only ones who may get it in clear.</summary>
    public IReadOnlySet<string> Addressed { get; }

    public bool IsRestricted { get; }

    public IReadOnlyList<string> Violations => _violations;

    public Topology Federation => _fed;

    /// <summary>Every send and every acceptance decision, in order, for the failure message.</summary>
    public List<string> Trace { get; } = [];

    /// <summary>How many times each node accepted the item for itself.</summary>
    public IReadOnlyDictionary<string, int> ForMe => _forMe;

    public int Messages { get; private set; }

    /// <summary>The origin sends the item it holds (clear, or sealed if it chose to seal everything).</summary>
    public static DeliverySimulation FromOrigin(Topology fed, RoutingFacts item, Random random)
    {
        var simulation = new DeliverySimulation(fed, item, random);
        simulation._holders.Add(item.OriginNode);
        simulation.Forward(item.OriginNode, item, [], null);
        simulation.Run();
        return simulation;
    }

    /// <summary>A hub holds the envelope it received from cameFrom by the given path, and relays it.</summary>
    public static DeliverySimulation FromHub(Topology fed, RoutingFacts held, string hub, IReadOnlyList<string> path, string? cameFrom, Random random)
    {
        var simulation = new DeliverySimulation(fed, held, random);
        simulation._holders.UnionWith([hub, .. path, .. cameFrom is null ? Array.Empty<string>() : [cameFrom]]);
        simulation.Forward(hub, held, path, cameFrom);
        simulation.Run();
        return simulation;
    }

    /// <summary>
    /// Whether a route exists at all, ignoring what descriptors claim about peers: straight from the origin to a peer, or
    /// through hubs, each of which the node before it knows to be a hub, within the hop limit. Every addressed node this
    /// finds must get the item, however stale or incomplete the descriptors the policy routed on.
    /// </summary>
    public bool Reachable(string recipient)
    {
        var origin = _item.OriginNode;
        if (!_fed.Exists(recipient) || !_fed.Exists(origin) || recipient == origin)
        {
            return false;
        }

        var depth = new Dictionary<string, int>(StringComparer.Ordinal) { [origin] = 0 };
        var queue = new Queue<string>([origin]);
        while (queue.TryDequeue(out var node))
        {
            if (depth[node] >= ForwardingPolicy.MaxHops)
            {
                continue;
            }

            foreach (var peer in _fed.PeersOf(node))
            {
                if (peer == recipient)
                {
                    return true;
                }

                if (_fed.IsHub(peer) && _fed.Knows(node, peer) && !depth.ContainsKey(peer))
                {
                    depth[peer] = depth[node] + 1;
                    queue.Enqueue(peer);
                }
            }
        }

        return false;
    }

    private void Forward(string node, RoutingFacts held, IReadOnlyList<string> path, string? cameFrom)
    {
        var plan = ForwardingPolicy.Decide(held, _fed.ViewOf(node), path, cameFrom, Facts.Now);
        var atOrigin = held.OriginNode == node && cameFrom is null;
        var where = $"{node} (path [{string.Join(",", path)}], from {cameFrom ?? "-"})";
        if (atOrigin && !held.IsSealed && plan.SealTo.Count > 0)
        {
            _sealedEnvelope = held with { Audience = new Audience(), SealedRecipients = plan.SealTo };
        }

        if (!atOrigin && plan.SealTo.Count > 0)
        {
            Violation($"{where} asks to seal to [{string.Join(",", plan.SealTo)}], but only the origin can seal");
        }

        IEnumerable<string> sealable = held.IsSealed ? held.SealedRecipients! : Addressed;
        if (plan.SealTo.Any(r => !sealable.Contains(r)))
        {
            Violation($"{where} seals to [{string.Join(",", plan.SealTo)}], beyond the addressed [{string.Join(",", Addressed)}]: a non-recipient could open it");
        }

        var sealedFor = plan.Forwards.Where(f => f.Transport == Transport.Sealed).SelectMany(f => f.Recipients).ToHashSet(StringComparer.Ordinal);
        if (atOrigin && !held.IsSealed && !sealedFor.SetEquals(plan.SealTo))
        {
            Violation($"{where} seals to [{string.Join(",", plan.SealTo)}] but sends sealed copies for [{string.Join(",", sealedFor)}]");
        }

        var sentTo = new HashSet<string>(StringComparer.Ordinal);
        foreach (var forward in plan.Forwards)
        {
            var peer = forward.Peer;
            var what = $"{where} -> {peer} {forward.Transport}";
            if (!sentTo.Add(peer))
            {
                Violation($"{what}: a second forward to the same peer");
            }

            if (!_fed.PeersOf(node).Contains(peer))
            {
                Violation($"{what}: not a peer");
                continue;
            }

            if (peer == node || peer == _item.OriginNode || peer == cameFrom || path.Contains(peer))
            {
                Violation($"{what}: back to the origin, the sender or a node on the path");
            }

            if (forward.Recipients.Count == 0)
            {
                Violation($"{what}: on behalf of no recipient");
            }

            var envelope = Envelope(forward, held, atOrigin, what);
            if (envelope is null)
            {
                continue;
            }

            if (forward.Transport == Transport.Clear && IsRestricted && !(atOrigin && Addressed.Contains(peer)))
            {
                Violation($"{what}: TLP:{TlpTransport.Name(_item.Tlp)} in clear to a node that is not an addressed recipient straight from the origin");
            }

            if (forward.Transport == Transport.Sealed)
            {
                if (!envelope.SealedRecipients!.Contains(peer) && !_fed.IsHub(peer))
                {
                    Violation($"{what}: sealed to a node that is neither a recipient nor a hub");
                }

                if (forward.Recipients.Any(r => !envelope.SealedRecipients!.Contains(r)))
                {
                    Violation($"{what}: on behalf of [{string.Join(",", forward.Recipients)}], not all in the sealed recipients");
                }
            }

            Trace.Add($"{what} [{string.Join(",", forward.Recipients)}]");
            _inFlight.Add(new Message(node, peer, forward.Transport, envelope, [.. path, node]));
        }
    }

    private RoutingFacts? Envelope(Forward forward, RoutingFacts held, bool atOrigin, string what)
    {
        if (forward.Transport == Transport.Clear)
        {
            if (held.IsSealed)
            {
                Violation($"{what}: in clear, but the node holds only the sealed envelope");
                return null;
            }

            return held;
        }

        if (held.IsSealed)
        {
            return held;
        }

        if (!atOrigin || _sealedEnvelope is null)
        {
            Violation($"{what}: sealed, but only the origin seals and it planned no sealed envelope");
            return null;
        }

        return _sealedEnvelope;
    }

    private void Run()
    {
        while (_inFlight.Count > 0)
        {
            if (++Messages > _messageBound)
            {
                Violation($"more than {_messageBound} messages: delivery does not terminate");
                return;
            }

            var index = _random.Next(_inFlight.Count);
            var message = _inFlight[index];
            _inFlight.RemoveAt(index);
            Receive(message);
        }
    }

    private void Receive(Message message)
    {
        var to = message.To;
        if (!_holders.Add(to))
        {
            return;
        }

        var acceptance = AcceptancePolicy.Decide(message.Envelope, _fed.ViewOf(to), message.From, Facts.Now, TimePolicy.Default);
        var what = $"{message.From} -> {to} {message.Transport}";
        Trace.Add($"recv {what}: {acceptance}");
        if (!acceptance.Accepted)
        {
            _holders.Remove(to);
            Violation($"{what}: the receiver refused what the sender's policy sent: {acceptance.Reason}");
            return;
        }

        if (acceptance.ForMe)
        {
            _forMe[to] = _forMe.GetValueOrDefault(to) + 1;
        }

        if (IsRestricted && message.Transport == Transport.Clear && !(message.From == _item.OriginNode && Addressed.Contains(to)))
        {
            Violation($"{what}: accepted TLP:{TlpTransport.Name(_item.Tlp)} in clear not straight from the origin to an addressed node");
        }

        if (!acceptance.ForMe && !_fed.IsHub(to))
        {
            Violation($"{what}: accepted by a node that is neither a recipient nor a hub");
        }

        if (acceptance.Relay)
        {
            Forward(to, message.Envelope, message.Path, message.From);
        }
        else if (ForwardingPolicy.Decide(message.Envelope, _fed.ViewOf(to), message.Path, message.From, Facts.Now).Forwards.Count > 0)
        {
            Violation($"{what}: accepted for this node only, yet the forwarding policy would pass it on");
        }
    }

    private void Violation(string text) => _violations.Add(text);
}
