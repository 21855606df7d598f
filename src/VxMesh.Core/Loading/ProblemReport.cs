namespace VxMesh.Core.Loading;

/// <summary>
/// Problem lists as people and logs see them: the first <see cref="MaxListed"/> as they are, the
/// rest counted on one line. Validation keeps every problem (the registry quarantines by them);
/// only what is printed or logged is cut, so 2,000 copies of a node cost 21 lines, not 1.6 GB.
/// </summary>
public static class ProblemReport
{
    public const int MaxListed = 20;

    public static IReadOnlyList<string> Bounded(IEnumerable<string> problems, int max = MaxListed)
    {
        var listed = new List<string>(Math.Min(max, 64));
        var more = 0;
        foreach (var problem in problems)
        {
            if (listed.Count < max)
            {
                listed.Add(problem);
            }
            else
            {
                more++;
            }
        }
        if (more > 0)
        {
            listed.Add($"… and {more:N0} more {(more == 1 ? "problem" : "problems")} (fix these and run again to see the rest)");
        }
        return listed;
    }

    public static IReadOnlyList<string> Bounded(IEnumerable<InventoryProblem> problems, int max = MaxListed) =>
        Bounded(problems.Select(p => p.ToString()), max);
}
