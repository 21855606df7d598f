namespace VxMesh.Core.Loading;

/// <summary>
/// "Did you mean" for unknown keys. The common mistakes are snake_case or kebab-case copied from
/// other tools' configs and wrong capitalisation, which differ from the real key only in case and
/// separators; small typos are caught by edit distance.
/// </summary>
internal static class KeySuggestions
{
    public static string? Closest(string written, IReadOnlyList<string> allowed)
    {
        var normalized = Normalize(written);
        var exact = allowed.FirstOrDefault(k => Normalize(k) == normalized);
        if (exact is not null)
        {
            return exact;
        }
        // Two edits is enough for a typo and still far from an unrelated short key.
        var best = allowed
            .Select(k => (Key: k, Distance: Distance(Normalize(k), normalized)))
            .OrderBy(p => p.Distance)
            .FirstOrDefault();
        return best.Key is not null && best.Distance <= Math.Min(2, normalized.Length / 3) ? best.Key : null;
    }

    private static string Normalize(string key) =>
        new(key.Where(c => c is not ('_' or '-' or ' ')).Select(char.ToLowerInvariant).ToArray());

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
