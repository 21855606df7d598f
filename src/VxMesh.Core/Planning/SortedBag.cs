namespace VxMesh.Core.Planning;

/// <summary>
/// Items kept in key order, several per key allowed (validation makes keys unique, but the
/// planner must not silently merge two entries if it ever is handed an unvalidated inventory).
/// Adding or removing one item is O(log n); reading them all in order is O(n).
/// </summary>
internal sealed class SortedBag<TKey, TValue>(Func<TValue, TKey> keyOf)
    where TKey : notnull
{
    private readonly SortedDictionary<TKey, List<TValue>> items = [];

    public int Count { get; private set; }

    public void Add(TValue value)
    {
        var key = keyOf(value);
        if (!items.TryGetValue(key, out var list))
        {
            items[key] = list = [];
        }
        list.Add(value);
        Count++;
    }

    public void Remove(TValue value)
    {
        var key = keyOf(value);
        if (items.TryGetValue(key, out var list) && list.Remove(value))
        {
            Count--;
            if (list.Count == 0)
            {
                items.Remove(key);
            }
        }
    }

    public void Clear()
    {
        items.Clear();
        Count = 0;
    }

    public Model.ValueList<TValue> ToValueList()
    {
        var array = new TValue[Count];
        var i = 0;
        foreach (var list in items.Values)
        {
            foreach (var value in list)
            {
                array[i++] = value;
            }
        }
        return new Model.ValueList<TValue>(array);
    }
}
