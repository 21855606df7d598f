using System.Net;
using VxMesh.Core.Addressing;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;
using VxMesh.Netlink;

namespace VxMesh.Agent.Dataplane;

/// <summary>
/// The real kernel, over rtnetlink, in one network namespace for the object's whole life.
/// Thin on purpose: it translates ops to netlink requests and errno to outcomes, and
/// decides nothing. Device ops go one at a time (a create changes the index everything
/// else needs); the rest are sent in batches of many messages per sendmsg, which is what
/// lets 10,000 peers program in a fraction of a second.
/// </summary>
public sealed class NetlinkDataplane : IDataplane, IDisposable
{
    private readonly RtnlClient rtnl;
    private NftSetClient? nftSets;
    private readonly string? netns;

    private NetlinkDataplane(RtnlClient rtnl, string? netns)
    {
        this.rtnl = rtnl;
        this.netns = netns;
    }

    /// <summary>The namespace this process runs in (the agent's normal case).</summary>
    public static NetlinkDataplane Open() => new(RtnlClient.Open(), null);

    /// <summary>A named namespace (/run/netns/NAME), for tests and benchmarks driven from outside.</summary>
    public static NetlinkDataplane OpenInNamespace(string name) => new(RtnlClient.OpenInNamespace(name), name);

    /// <summary>Notifications about owned state in the same namespace (for drift repair).</summary>
    public IDataplaneFeed OpenFeed(string deviceName) => new NetlinkChangeFeed(netns, deviceName);

    /// <summary>The rtnetlink dumps here while `nft -j list` (a process of its own) runs beside them.</summary>
    public ObservedState Observe(string deviceName, bool withIngress = true)
    {
        var ingress = withIngress ? Task.Run(() => NftIngress.Observe(netns)) : null;
        var observed = NetlinkObserver.Observe(rtnl, netns, deviceName);
        return observed with { Ingress = ingress?.GetAwaiter().GetResult() };
    }

    public NodeFacts DiscoverFacts(IPAddress underlayIp, string? underlayDev)
    {
        var links = rtnl.GetLinks();
        var holders = rtnl.GetAddresses(underlayIp.AddressFamily).Where(a => a.Address.Equals(underlayIp)).ToList();
        var link = underlayDev is not null
            ? links.FirstOrDefault(l => l.Name == underlayDev)
              ?? throw new InvalidOperationException($"underlay device {underlayDev} does not exist{Where()}")
            : links.FirstOrDefault(l => holders.Any(a => a.Index == l.Index))
              ?? throw new InvalidOperationException($"no interface holds {underlayIp}{Where()}: is --node right, or set underlayDev");
        var held = holders.FirstOrDefault(a => a.Index == link.Index);
        return new NodeFacts(link.Name, link.Mtu, held is null ? null : IpMath.Canonical(held.Address, held.PrefixLength));
    }

    public IReadOnlyList<OpResult> Apply(IReadOnlyList<DataplaneOp> ops)
    {
        var results = new List<OpResult>(ops.Count);
        Apply(ops, results.Add);
        return results;
    }

    /// <summary>
    /// Applies <paramref name="ops"/> in order and hands each result to <paramref name="onResult"/>, in
    /// order, on this thread, with two overlaps. The rtnetlink batches go out from a worker while this
    /// thread takes the answers chunk by chunk (<see cref="AnsweredBatch"/>). And an `nft -f` script
    /// (the whole filter, its inner sets) runs as its own process while the neighbours, FDB entries and
    /// nexthop objects after it go to the kernel — those make nothing reachable, and nftables and
    /// rtnetlink share no lock; the first op that could make a peer reachable or touches the device or
    /// the filter again (a route, a group, any device op) waits for the script, so a joining peer is
    /// still accepted before it is routed.
    /// </summary>
    public void Apply(IReadOnlyList<DataplaneOp> ops, Action<OpResult> onResult)
    {
        var batch = new List<DataplaneOp>();
        Task<OpResult>? script = null;
        void Flush()
        {
            var running = batch.Count == 0 ? null : StartBatch(batch);
            if (script is not null)
            {
                onResult(script.GetAwaiter().GetResult());
                script = null;
            }
            running?.Deliver(onResult);
            batch = [];
        }
        foreach (var op in ops)
        {
            if (op is ReplaceIngressFilter or DeleteIngressFilter or ChangeInnerSources)
            {
                Flush();
                script = Task.Run(() => ApplyDeviceOp(op));
            }
            else if (op is CreateDevice or DeleteDevice or SetDevice or SetTxChecksum or SetSysctl or AddIngressSources or RemoveIngressSources)
            {
                Flush();
                onResult(ApplyDeviceOp(op));
            }
            else
            {
                if (script is not null && op is not (ReplaceNeighbor or ReplaceFdb or ReplaceNexthop))
                {
                    Flush();
                }
                batch.Add(op);
            }
        }
        Flush();
    }

    private OpResult ApplyDeviceOp(DataplaneOp op)
    {
        try
        {
            switch (op)
            {
                case CreateDevice c:
                    var d = c.Device;
                    int? underlay = d.UnderlayDev is null ? null : IndexOf(d.UnderlayDev);
                    rtnl.CreateVxlan(new VxlanLinkSpec(d.Name, d.Vni, d.Port, d.Local, underlay, d.Mac, d.Mtu));
                    break;
                case DeleteDevice del:
                    rtnl.DeleteLink(IndexOf(del.Name));
                    break;
                case SetDevice s:
                    rtnl.SetLink(IndexOf(s.Name), s.Mac, s.Mtu, s.Up, s.Alias);
                    break;
                case SetTxChecksum t:
                    Ethtool.SetTxChecksum(netns, t.Name, t.Enabled);
                    break;
                case SetSysctl s:
                    Sysctl.Write(netns, s.Name, s.Value);
                    break;
                case ReplaceIngressFilter f:
                    return Nft(op, NftRenderer.Replace(f.Filter));
                case DeleteIngressFilter:
                    return Nft(op, NftRenderer.Delete());
                case ChangeInnerSources c:
                    return Nft(op, NftRenderer.ChangeInner(c.Removed, c.Added));
                case AddIngressSources a:
                    Sets().AddElements(NftRenderer.Table, NftRenderer.Set, a.Sources);
                    break;
                case RemoveIngressSources r:
                    Sets().RemoveElements(NftRenderer.Table, NftRenderer.Set, r.Sources);
                    break;
            }
            return OpResult.Success(op);
        }
        catch (NetlinkException e)
        {
            return new OpResult(op, e.Errno, e.Message);
        }
        catch (InvalidOperationException e)
        {
            return new OpResult(op, Errno.ENODEV, e.Message);
        }
        catch (IOException e)
        {
            return new OpResult(op, Errno.EINVAL, $"{op}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return new OpResult(op, Errno.EPERM, $"{op}: {e.Message}");
        }
    }

    private NftSetClient Sets() => nftSets ??= netns is null ? NftSetClient.Open() : NftSetClient.OpenInNamespace(netns);

    private OpResult Nft(DataplaneOp op, string script)
    {
        var (exit, error) = NftIngress.Apply(netns, script);
        return exit == 0 ? OpResult.Success(op) : new OpResult(op, Errno.EINVAL, $"nft failed: {error}");
    }

    /// <summary>Encodes the batch here and starts sending it; ops that cannot be encoded (no such device) fail without reaching the kernel.</summary>
    private RunningBatch StartBatch(List<DataplaneOp> ops)
    {
        var indexes = rtnl.GetLinks().ToDictionary(l => l.Name, l => l.Index);
        var requests = new List<NetlinkRequest>(ops.Count);
        var positions = new int[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            var request = ToRequest(ops[i], indexes);
            positions[i] = request is null ? -1 : requests.Count;
            if (request is not null)
            {
                requests.Add(request);
            }
        }
        return new RunningBatch(ops, positions, requests.Count == 0 ? null : AnsweredBatch.Start(rtnl, requests));
    }

    private sealed record RunningBatch(List<DataplaneOp> Ops, int[] Positions, AnsweredBatch? Answers)
    {
        public void Deliver(Action<OpResult> onResult)
        {
            for (var i = 0; i < Ops.Count; i++)
            {
                var op = Ops[i];
                if (Positions[i] < 0)
                {
                    onResult(new OpResult(op, Errno.ENODEV, "the device does not exist"));
                    continue;
                }
                var reply = Answers![Positions[i]];
                onResult(reply.Errno == 0 ? OpResult.Success(op) : new OpResult(op, reply.Errno, reply.ToString()));
            }
            Answers?.Finish();
        }
    }

    private static NetlinkRequest? ToRequest(DataplaneOp op, Dictionary<string, int> indexes)
    {
        int? Dev(string name) => indexes.TryGetValue(name, out var index) ? index : null;
        return op switch
        {
            ReplaceAddress a => Dev(a.Device) is { } i ? RtnlRequest.ReplaceAddress(i, a.Address.Address, a.Address.PrefixLength) : null,
            DeleteAddress a => Dev(a.Device) is { } i ? RtnlRequest.DeleteAddress(i, a.Address.Address, a.Address.PrefixLength) : null,
            ReplaceNeighbor n => Dev(n.Device) is { } i ? RtnlRequest.ReplaceNeighbor(i, n.Ip, n.Mac, Ownership.RouteProtocol) : null,
            DeleteNeighbor n => Dev(n.Device) is { } i ? RtnlRequest.DeleteNeighbor(i, n.Ip) : null,
            ReplaceFdb f => Dev(f.Device) is { } i ? RtnlRequest.ReplaceFdb(i, f.Mac, f.Destination, externLearned: true) : null,
            DeleteFdb f => Dev(f.Device) is { } i ? RtnlRequest.DeleteFdb(i, f.Mac, f.Destination) : null,
            ReplaceNexthop n => Dev(n.Device) is { } i ? RtnlRequest.ReplaceNexthop(n.Id, n.Gateway, i, n.Onlink, Ownership.RouteProtocol) : null,
            DeleteNexthop n => RtnlRequest.DeleteNexthop(n.Id),
            ReplaceNexthopGroup g => RtnlRequest.ReplaceNexthopGroup(g.Id, [.. g.Members.Select(m => new NexthopGroupMember(m))], Resilient(g.Shape), Ownership.RouteProtocol),
            DeleteNexthopGroup g => RtnlRequest.DeleteNexthop(g.Id),
            ReplaceRoute r => RtnlRequest.ReplaceRoute(RouteSpec.ViaNexthop(r.Destination, r.NexthopId, Ownership.RouteProtocol)),
            DeleteRoute r => RtnlRequest.DeleteRoute(r.Destination, protocol: Ownership.RouteProtocol),
            _ => throw new ArgumentException($"not a batchable op: {op}", nameof(op)),
        };
    }

    private static ResilientGroupSpec Resilient(GroupShape shape) =>
        new(shape.Buckets, TimeSpan.FromMilliseconds(shape.IdleTimerMs), TimeSpan.FromMilliseconds(shape.UnbalancedTimerMs));

    private int IndexOf(string name) =>
        rtnl.GetLink(name)?.Index ?? throw new InvalidOperationException($"device {name} does not exist{Where()}");

    private string Where() => netns is null ? "" : $" in namespace {netns}";

    public void Dispose()
    {
        rtnl.Dispose();
        nftSets?.Dispose();
    }
}
