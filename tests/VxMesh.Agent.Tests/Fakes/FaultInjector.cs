using VxMesh.Agent.Dataplane;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>Fails the next N ops of a chosen type with a chosen errno, without applying them (felix's failure-injection style).</summary>
public sealed class FaultInjector
{
    private readonly Dictionary<Type, (int Remaining, int Errno)> faults = [];

    public void FailNext<TOp>(int count, int errno) where TOp : DataplaneOp => faults[typeof(TOp)] = (count, errno);

    public void FailNext(Type opType, int count, int errno) => faults[opType] = (count, errno);

    /// <summary>The errno to fail <paramref name="op"/> with, consuming one planned failure; null to let it through.</summary>
    public int? Take(DataplaneOp op)
    {
        if (!faults.TryGetValue(op.GetType(), out var fault) || fault.Remaining == 0)
        {
            return null;
        }
        faults[op.GetType()] = (fault.Remaining - 1, fault.Errno);
        return fault.Errno;
    }
}
