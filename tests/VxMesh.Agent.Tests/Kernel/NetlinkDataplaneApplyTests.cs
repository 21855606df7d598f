using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Agent.Dataplane;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Core.Rendering;
using VxMesh.Netlink;
using VxMesh.Tests.Shared;

namespace VxMesh.Agent.Tests.Kernel;

/// <summary>
/// The real dataplane's overlapped apply, in a namespace: the rtnetlink batch goes out from a worker
/// and the nft script runs beside the neighbours, FDB entries and nexthops, yet the caller sees every
/// result once, in the ops' order, on its own thread, and the kernel (ip -j, nft -j) holds it all.
/// </summary>
public sealed class NetlinkDataplaneApplyTests : IDisposable
{
    private const int Peers = 600;
    private readonly TestNamespace ns = new TestNamespace("vxdp").WithUnderlay("198.18.0.1/24");

    [Fact]
    public void Apply_FilterBatchAndAMissingDevice_ResultsInOrderOnTheCallersThreadAndAllInTheKernel()
    {
        var device = new VxlanDevice("vxm0", 42, 4789, IPAddress.Parse("198.18.0.1"), "eth0", PhysicalAddress.Parse("02:00:00:00:00:01"), 1450, TxChecksumOffload: true);
        var filter = new IngressFilter(4789, Enumerable.Range(0, Peers).Select(Underlay).ToValueList()) { Device = "vxm0" };
        var ops = new List<DataplaneOp> { new CreateDevice(device), new SetDevice("vxm0", null, null, Up: true), new ReplaceIngressFilter(filter) };
        ops.AddRange(Enumerable.Range(0, Peers).Select(i => new ReplaceNeighbor("vxm0", Vtep(i), Mac(i))));
        ops.Add(new ReplaceNeighbor("no-such-device", Vtep(0), Mac(0)));
        ops.AddRange(Enumerable.Range(0, Peers).Select(i => new ReplaceFdb("vxm0", Mac(i), Underlay(i))));
        ops.AddRange(Enumerable.Range(0, Peers).Select(i => new ReplaceNexthop(Ownership.NexthopIdBase + (uint)i, Vtep(i), "vxm0", Onlink: true)));
        ops.AddRange(Enumerable.Range(0, Peers).Select(i => new ReplaceRoute(Block(i), Ownership.NexthopIdBase + (uint)i)));
        using var dataplane = NetlinkDataplane.OpenInNamespace(ns.Name);
        var seen = new List<(OpResult Result, int Thread)>();

        dataplane.Apply(ops, r => seen.Add((r, Environment.CurrentManagedThreadId)));

        Assert.Equal(ops, seen.Select(s => s.Result.Op));
        Assert.All(seen, s => Assert.Equal(Environment.CurrentManagedThreadId, s.Thread));
        var failed = Assert.Single(seen, s => !s.Result.Ok).Result;
        Assert.Equal(new ReplaceNeighbor("no-such-device", Vtep(0), Mac(0)), failed.Op);
        Assert.Equal(Errno.ENODEV, failed.Errno);
        Assert.Equal(Peers, ns.IpJson("neigh", "show", "dev", "vxm0").Count);
        Assert.Equal(Peers, ns.BridgeJson("fdb", "show", "dev", "vxm0").Count(e => e?["dst"] is not null));
        Assert.Equal(Peers, ns.IpJson("route", "show", "proto", "118").Count);
        var nft = ns.Exec(["nft", "-j", "list", "set", NftRenderer.Family, NftRenderer.Table, NftRenderer.Set]);
        Assert.Equal(0, nft.ExitCode);
        Assert.Contains($"\"{Underlay(Peers - 1)}\"", nft.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ListForm_SameResultsAsTheStream()
    {
        var device = new VxlanDevice("vxm0", 42, 4789, IPAddress.Parse("198.18.0.1"), "eth0", PhysicalAddress.Parse("02:00:00:00:00:01"), 1450, TxChecksumOffload: true);
        List<DataplaneOp> ops = [new CreateDevice(device), .. Enumerable.Range(0, 50).Select(i => new ReplaceNeighbor("vxm0", Vtep(i), Mac(i)))];
        using var dataplane = NetlinkDataplane.OpenInNamespace(ns.Name);

        var results = dataplane.Apply(ops);

        Assert.Equal(ops, results.Select(r => r.Op));
        Assert.All(results, r => Assert.True(r.Ok, r.Error));
        Assert.Equal(50, ns.IpJson("neigh", "show", "dev", "vxm0").Count);
    }

    private static IPAddress Underlay(int i) => new([198, 18, (byte)(1 + i / 250), (byte)(1 + i % 250)]);

    private static IPAddress Vtep(int i) => new([198, 19, (byte)(i / 250), (byte)(1 + i % 250)]);

    private static PhysicalAddress Mac(int i) => new([0x02, 0x76, 0, 0, (byte)(i >> 8), (byte)i]);

    private static IPNetwork Block(int i) => new(new IPAddress([198, 19, (byte)(100 + i / 64), (byte)(4 * (i % 64))]), 30);

    public void Dispose() => ns.Dispose();
}
