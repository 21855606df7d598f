namespace VxMesh.Core.Planning;

/// <summary>
/// Items kept in key order in one array-backed list, several per key allowed (validation makes keys
/// unique, but the planner must not silently merge two entries if it is ever handed an unvalidated
/// inventory). A full rebuild appends in bulk and sorts once (O(n log n)); a change of one peer
/// inserts or removes by binary search (one memmove); reading everything in order is a copy.
/// </summary>
internal sealed class SortedBag<TKey, TValue>(Func<TValue, TKey> keyOf) : IBulkLoadable
    where TKey : notnull
{
    private static readonly Comparer<TKey> Keys = Comparer<TKey>.Default;
    private readonly List<(TKey Key, TValue Value)> items = [];
    private bool bulk;

    public int Count => items.Count;

    /// <summary>Appends without keeping order until <see cref="EndBulk"/>: for building from scratch.</summary>
    public void BeginBulk() => bulk = true;

    public void EndBulk()
    {
        items.Sort((a, b) => Keys.Compare(a.Key, b.Key));
        bulk = false;
    }

    public void Add(TValue value)
    {
        var key = keyOf(value);
        if (bulk)
        {
            items.Add((key, value));
            return;
        }
        var at = UpperBound(key);
        items.Insert(at, (key, value));
    }

    public void Remove(TValue value)
    {
        var key = keyOf(value);
        for (var i = LowerBound(key); i < items.Count && Keys.Compare(items[i].Key, key) == 0; i++)
        {
            if (EqualityComparer<TValue>.Default.Equals(items[i].Value, value))
            {
                items.RemoveAt(i);
                return;
            }
        }
    }

    public void Clear() => items.Clear();

    public Model.ValueList<TValue> ToValueList()
    {
        var array = new TValue[items.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = items[i].Value;
        }
        return new Model.ValueList<TValue>(array);
    }

    /// <summary>First index whose key is not below <paramref name="key"/>.</summary>
    private int LowerBound(TKey key)
    {
        int lo = 0, hi = items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Keys.Compare(items[mid].Key, key) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>First index whose key is above <paramref name="key"/> (equal keys keep arrival order).</summary>
    private int UpperBound(TKey key)
    {
        int lo = 0, hi = items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Keys.Compare(items[mid].Key, key) <= 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}

/// <summary>What a full rebuild needs from every bag, whatever it holds.</summary>
internal interface IBulkLoadable
{
    void BeginBulk();

    void EndBulk();
}
