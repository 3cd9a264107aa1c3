using Ceptoar.Core.Items;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Rules;

/// <summary>The node's active handling rules, held in memory for the hot paths (submit, receive) and saved through the store.</summary>
internal sealed class ActiveRules(Vocabulary vocabulary, RuleStore store)
{
    private RuleSet _current = RuleSet.Default;

    public RuleSet Current => Volatile.Read(ref _current);

    /// <summary>Loads the active rules; a stored file that no longer parses (e.g. a vocabulary change) stops the node with the reason.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (await store.LoadActiveAsync(cancellationToken) is not { } saved)
        {
            return;
        }

        var (rules, errors) = RuleFile.Parse(saved.Text, vocabulary);
        if (rules is null)
        {
            throw new InvalidOperationException(
                "The stored handling rules no longer read: " + string.Join("; ", errors.Take(3).Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")) +
                ". Fix the vocabulary files, or import a corrected rule file.");
        }

        Volatile.Write(ref _current, rules);
    }

    /// <summary>Saves and activates a new rule set if the active one still has expectedETag; false if another admin changed it meanwhile.</summary>
    public async Task<bool> ReplaceAsync(RuleSet rules, string? expectedETag, string actor, string what, CancellationToken cancellationToken)
    {
        var current = Current;
        if (!await store.SaveAsync(RuleFile.Write(rules), rules.ETag, expectedETag, current.ETag, actor, what, cancellationToken))
        {
            return false;
        }

        Volatile.Write(ref _current, rules);
        return true;
    }
}
