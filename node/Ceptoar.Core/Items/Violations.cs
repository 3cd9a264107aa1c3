namespace Ceptoar.Core.Items;

/// <summary>
/// Collects the violations of one validation run, so a caller sees all problems at once. The list is capped: a draft
/// with thousands of bad indicators must not produce an answer larger than the request.
/// </summary>
internal sealed class Violations(string root)
{
    public const int MaxListed = 100;

    private readonly List<FieldViolation> _list = [];
    private int _unlisted;

    public int Count => _list.Count + _unlisted;

    public void Add(string field, LocalText description)
    {
        if (_list.Count < MaxListed)
        {
            _list.Add(new FieldViolation(field, description));
        }
        else
        {
            _unlisted++;
        }
    }

    public IReadOnlyList<FieldViolation> ToList() => _unlisted == 0
        ? _list.ToArray()
        : [.. _list, new FieldViolation(root, new LocalText(nameof(ItemsText.MoreNotListed), _unlisted))];
}
