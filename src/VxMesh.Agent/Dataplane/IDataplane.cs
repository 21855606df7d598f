using System.Net;
using VxMesh.Core.Planning;

namespace VxMesh.Agent.Dataplane;

/// <summary>
/// The kernel as the reconciler sees it. The real one speaks rtnetlink in one namespace;
/// tests use an in-memory one that can fail chosen calls. Implementations decide nothing:
/// they observe, and they apply the ops they are given in the order given.
/// </summary>
public interface IDataplane
{
    /// <summary>Our device and its entries, routes/nexthops with our protocol, and (when asked) our nftables table.</summary>
    /// <param name="withIngress">False skips the filter (a separate subsystem, read through `nft`); the result's Ingress is then null.</param>
    ObservedState Observe(string deviceName, bool withIngress = true);

    /// <summary>Applies every op (continuing past failures) and returns one result per op, in order.</summary>
    IReadOnlyList<OpResult> Apply(IReadOnlyList<DataplaneOp> ops);

    /// <summary>
    /// The same, handing each result to <paramref name="onResult"/> in order, on the calling thread, as soon
    /// as it is known: the real dataplane keeps the kernel busy with the ops after it meanwhile.
    /// </summary>
    void Apply(IReadOnlyList<DataplaneOp> ops, Action<OpResult> onResult)
    {
        foreach (var result in Apply(ops))
        {
            onResult(result);
        }
    }

    /// <summary>The device holding <paramref name="underlayIp"/> (or the named one) and its MTU.</summary>
    NodeFacts DiscoverFacts(IPAddress underlayIp, string? underlayDev);
}

/// <param name="Errno">0 on success.</param>
public sealed record OpResult(DataplaneOp Op, int Errno, string? Error)
{
    public bool Ok => Errno == 0;

    public static OpResult Success(DataplaneOp op) => new(op, 0, null);
}
