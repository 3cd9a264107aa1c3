using System.Collections;
using System.Runtime.CompilerServices;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>An immutable set of distinct values kept in a fixed order, compared by content (so rules and rule sets are).</summary>
[CollectionBuilder(typeof(ValueSet), nameof(ValueSet.Create))]
public sealed class ValueSet<T> : IReadOnlyCollection<T>, IEquatable<ValueSet<T>>
    where T : notnull
{
    private readonly T[] _items;
    private readonly HashSet<T> _lookup;

    /// <summary>Strings in ordinal order, enums and numbers in their natural order; duplicates dropped.</summary>
    public ValueSet(IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _lookup = new HashSet<T>(values);
        _items = [.. _lookup];
        // Culture-dependent string order would make the written file differ between machines.
        Array.Sort(_items, typeof(T) == typeof(string) ? (IComparer<T>)StringComparer.Ordinal : Comparer<T>.Default);
    }

    public static ValueSet<T> Empty { get; } = new([]);

    public int Count => _items.Length;

    public bool Contains(T value) => _lookup.Contains(value);

    public bool Overlaps(IEnumerable<T> values) => values.Any(_lookup.Contains);

    public bool IsSubsetOf(ValueSet<T> other) => _items.All(other.Contains);

    public ValueSet<T> Intersect(ValueSet<T> other) => new(_items.Where(other.Contains));

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(ValueSet<T>? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as ValueSet<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(",", _items);
}

/// <summary>Builds <see cref="ValueSet{T}"/>s, including from collection expressions (<c>ValueSet&lt;string&gt; s = ["a", "b"]</c>).</summary>
public static class ValueSet
{
    public static ValueSet<T> Create<T>(ReadOnlySpan<T> values)
        where T : notnull => new(values.ToArray());

    public static ValueSet<T> Of<T>(params T[] values)
        where T : notnull => new(values);
}
