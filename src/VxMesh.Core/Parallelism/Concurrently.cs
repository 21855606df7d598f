using System.Runtime.ExceptionServices;

namespace VxMesh.Core.Parallelism;

/// <summary>
/// Independent pieces of one computation run on the machine's cores, for the few places where a
/// whole plan of tens of thousands of peers is on an agent's critical path (its first pass, a
/// resync): the planner's fragments and sorts, the reconciler's tables. Below
/// <see cref="Threshold"/> items everything runs inline, so small plans and tests stay sequential.
/// A failure is rethrown as itself (the first one), not wrapped.
/// </summary>
public static class Concurrently
{
    /// <summary>Items below which splitting costs more than it saves (thread hand-off is tens of µs).</summary>
    public const int Threshold = 2_048;

    public static void Run(int items, params Action[] pieces)
    {
        if (items < Threshold || pieces.Length < 2 || Environment.ProcessorCount < 2)
        {
            foreach (var piece in pieces)
            {
                piece();
            }
            return;
        }
        try
        {
            Parallel.Invoke(pieces);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>results[i] = map(i) for every i, in contiguous ranges on the cores; the order of results is the order of i.</summary>
    public static T[] Map<T>(int count, Func<int, T> map)
    {
        var results = new T[count];
        if (count < Threshold || Environment.ProcessorCount < 2)
        {
            for (var i = 0; i < count; i++)
            {
                results[i] = map(i);
            }
            return results;
        }
        var ranges = Math.Min(Environment.ProcessorCount, 8);
        var pieces = new Action[ranges];
        for (var r = 0; r < ranges; r++)
        {
            var (from, to) = (count * r / ranges, count * (r + 1) / ranges);
            pieces[r] = () =>
            {
                for (var i = from; i < to; i++)
                {
                    results[i] = map(i);
                }
            };
        }
        Run(count, pieces);
        return results;
    }
}
