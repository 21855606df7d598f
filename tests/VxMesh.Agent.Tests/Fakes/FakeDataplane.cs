using System.Net;
using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Netlink;

namespace VxMesh.Agent.Tests.Fakes;

/// <summary>
/// <see cref="IDataplane"/> over a <see cref="FakeKernel"/>. Observe reports what the real
/// observer would: our device and what lives on it (dynamic neighbours flagged as such),
/// and only routes and nexthops with our protocol — plus every nexthop id in use. Apply
/// runs each op against the kernel and returns the kernel's errno untranslated, so what
/// the reconciler makes of ENOENT on delete is the reconciler's own doing.
/// </summary>
public sealed class FakeDataplane(FakeKernel kernel) : IDataplane
{
    private readonly List<OpResult> log = [];
    private readonly object gate = new();

    public FakeKernel Kernel => kernel;

    public FaultInjector Faults { get; } = new();

    /// <summary>Runs once, just before the next Apply: something else changing the kernel between observe and apply.</summary>
    public Action<FakeKernel>? BeforeNextApply { get; set; }

    public int ObserveCount { get; private set; }

    /// <summary>Every op applied so far, with its result.</summary>
    public IReadOnlyList<OpResult> Log
    {
        get
        {
            lock (gate)
            {
                return [.. log];
            }
        }
    }

    /// <summary>A node's kernel: an eth0 holding <paramref name="underlay"/>/24 with the given MTU.</summary>
    public static FakeDataplane ForNode(string underlay, int mtu = 1500)
    {
        var kernel = new FakeKernel();
        kernel.AddLink("lo", mtu: 65536);
        kernel.AddLink("eth0", mtu: mtu);
        kernel.AddAddress("eth0", $"{underlay}/24");
        return new FakeDataplane(kernel);
    }

    /// <summary>Reads the kernel under the dataplane's lock, for tests running alongside an agent loop.</summary>
    public T Inspect<T>(Func<FakeKernel, T> read)
    {
        lock (gate)
        {
            return read(kernel);
        }
    }

    public void ClearLog()
    {
        lock (gate)
        {
            log.Clear();
        }
    }

    public ObservedState Observe(string deviceName, bool withIngress = true)
    {
        lock (gate)
        {
            ObserveCount++;
            var state = FakeObserver.Observe(kernel, deviceName);
            return withIngress ? state : state with { Ingress = null };
        }
    }

    public IReadOnlyList<OpResult> Apply(IReadOnlyList<DataplaneOp> ops)
    {
        lock (gate)
        {
            var hook = BeforeNextApply;
            BeforeNextApply = null;
            hook?.Invoke(kernel);
            var results = ops.Select(op => Faults.Take(op) is { } errno
                ? new OpResult(op, errno, $"{op}: injected {Errno.Name(errno)}")
                : Result(op, Execute(op))).ToList();
            log.AddRange(results);
            return results;
        }
    }

    public NodeFacts DiscoverFacts(IPAddress underlayIp, string? underlayDev)
    {
        lock (gate)
        {
            var link = underlayDev is not null
                ? kernel.Link(underlayDev) ?? throw new InvalidOperationException($"underlay device {underlayDev} does not exist")
                : kernel.Links.FirstOrDefault(l => kernel.AddressesOn(l.Name).Any(a => a.Address.Equals(underlayIp)))
                  ?? throw new InvalidOperationException($"no interface holds {underlayIp}");
            return new NodeFacts(link.Name, link.Mtu);
        }
    }

    private static OpResult Result(DataplaneOp op, int errno) =>
        errno == 0 ? OpResult.Success(op) : new OpResult(op, errno, $"{op}: {Errno.Name(errno)}");

    private int Execute(DataplaneOp op) => op switch
    {
        CreateDevice c => kernel.CreateVxlan(c.Device),
        DeleteDevice d => kernel.DeleteLink(d.Name),
        SetDevice s => kernel.SetLink(s.Name, s.Mac, s.Mtu, s.Up, s.Alias),
        SetTxChecksum t => kernel.SetTxChecksum(t.Name, t.Enabled),
        ReplaceAddress a => kernel.ReplaceAddress(a.Device, a.Address),
        DeleteAddress a => kernel.DeleteAddress(a.Device, a.Address),
        ReplaceNeighbor n => kernel.ReplaceNeighbor(n.Device, n.Ip, n.Mac),
        DeleteNeighbor n => kernel.DeleteNeighbor(n.Device, n.Ip),
        ReplaceFdb f => kernel.ReplaceFdb(f.Device, f.Mac, f.Destination),
        DeleteFdb f => kernel.DeleteFdb(f.Device, f.Mac, f.Destination),
        ReplaceNexthop n => kernel.ReplaceNexthop(n.Id, n.Gateway, n.Device, n.Onlink, Ownership.RouteProtocol),
        DeleteNexthop n => kernel.DeleteNexthop(n.Id),
        ReplaceNexthopGroup g => kernel.ReplaceNexthopGroup(g.Id, g.Members, g.Shape, Ownership.RouteProtocol),
        DeleteNexthopGroup g => kernel.DeleteNexthop(g.Id),
        SetSysctl s => kernel.SetSysctl(s.Name, s.Value),
        ReplaceRoute r => kernel.ReplaceRoute(r.Destination, r.NexthopId, Ownership.RouteProtocol),
        DeleteRoute r => kernel.DeleteRoute(r.Destination, Ownership.RouteProtocol),
        ReplaceIngressFilter f => kernel.ReplaceIngress(f.Filter),
        DeleteIngressFilter => kernel.DeleteIngress(),
        AddIngressSources a => kernel.AddIngressSources(a.Sources),
        RemoveIngressSources r => kernel.RemoveIngressSources(r.Sources),
        ChangeInnerSources c => kernel.ChangeInnerSources(c.Removed, c.Added),
        _ => throw new ArgumentException($"unknown op {op}", nameof(op)),
    };
}
