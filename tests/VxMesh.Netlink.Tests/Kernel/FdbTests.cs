using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Netlink.Tests.Infrastructure;

namespace VxMesh.Netlink.Tests.Kernel;

public sealed class FdbTests : KernelTest
{
    private static readonly PhysicalAddress PeerMac = PhysicalAddress.Parse("02:00:00:00:00:05");
    private static readonly PhysicalAddress Flood = PhysicalAddress.Parse("00:00:00:00:00:00");
    private readonly int _vx;

    public FdbTests() => _vx = Ns.CreateVxlanWithIp(Vxlan, 42);

    [Fact]
    public void ReplaceFdb_New_BridgeShowsSelfPermanentDst()
    {
        Client.ReplaceFdb(_vx, PeerMac, IPAddress.Parse("198.18.0.2"));

        var entry = Assert.Single(Ns.BridgeJson("fdb", "show", "dev", Vxlan).Items());
        Assert.Equal("02:00:00:00:00:05", entry.Str("mac"));
        Assert.Equal("198.18.0.2", entry.Str("dst"));
        Assert.Equal(["self"], entry.Strings("flags"));
        Assert.Equal("permanent", entry.Str("state"));
    }

    [Fact]
    public void ReplaceFdb_ExternLearned_BridgeShowsTheMark_DumpDecodesIt_AReplaceWithoutItClearsIt()
    {
        Client.ReplaceFdb(_vx, PeerMac, IPAddress.Parse("198.18.0.2"), externLearned: true);

        Assert.Equal(["self", "extern_learn"], Assert.Single(Ns.BridgeJson("fdb", "show", "dev", Vxlan).Items()).Strings("flags"));
        Assert.True(Assert.Single(Client.GetFdb(_vx)).IsExternLearned);

        Client.ReplaceFdb(_vx, PeerMac, IPAddress.Parse("198.18.0.3"));
        Assert.Equal(["self"], Assert.Single(Ns.BridgeJson("fdb", "show", "dev", Vxlan).Items()).Strings("flags"));
        Assert.False(Assert.Single(Client.GetFdb(_vx)).IsExternLearned);
    }

    [Fact]
    public void ReplaceFdb_ChangedDst_ReplacesTheRemote()
    {
        Client.ReplaceFdb(_vx, PeerMac, IPAddress.Parse("198.18.0.2"));
        Client.ReplaceFdb(_vx, PeerMac, IPAddress.Parse("198.18.0.3"));

        var entry = Assert.Single(Ns.BridgeJson("fdb", "show", "dev", Vxlan).Items());
        Assert.Equal("198.18.0.3", entry.Str("dst"));
    }

    [Fact]
    public void AppendFdb_FloodMacTwoPeers_KeepsBothRemotesAndRepeatIsNoop()
    {
        Client.AppendFdb(_vx, Flood, IPAddress.Parse("198.18.0.2"));
        Client.AppendFdb(_vx, Flood, IPAddress.Parse("198.18.0.3"));
        Client.AppendFdb(_vx, Flood, IPAddress.Parse("198.18.0.3")); // the kernel answers 0, adds nothing

        var dsts = Ns.BridgeJson("fdb", "show", "dev", Vxlan).Items().Select(e => e.Str("dst")).Order();
        Assert.Equal(["198.18.0.2", "198.18.0.3"], dsts);
        Assert.Equal(2, Client.GetFdb(_vx).Count);
    }

    [Fact]
    public void DeleteFdb_OneRemoteOfFloodEntry_LeavesTheOther()
    {
        Client.AppendFdb(_vx, Flood, IPAddress.Parse("198.18.0.2"));
        Client.AppendFdb(_vx, Flood, IPAddress.Parse("198.18.0.3"));

        Client.DeleteFdb(_vx, Flood, IPAddress.Parse("198.18.0.2"));

        Assert.Equal("198.18.0.3", Assert.Single(Ns.BridgeJson("fdb", "show", "dev", Vxlan).Items()).Str("dst"));
    }

    [Fact]
    public void DeleteFdb_Twice_SecondIsNotFoundEnoent()
    {
        Client.ReplaceFdb(_vx, PeerMac, IPAddress.Parse("198.18.0.2"));

        Client.DeleteFdb(_vx, PeerMac, null);
        var error = Assert.Throws<NetlinkException>(() => Client.DeleteFdb(_vx, PeerMac, null));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.True(error.IsNotFound);
    }

    [Fact]
    public void DeleteFdb_DstNotARemote_SucceedsButLeavesEntry()
    {
        // Reconciler must know: this "success" deleted nothing; verify by dump, not by errno.
        Client.ReplaceFdb(_vx, PeerMac, IPAddress.Parse("198.18.0.2"));

        Client.DeleteFdb(_vx, PeerMac, IPAddress.Parse("198.18.0.9"));

        Assert.Equal("198.18.0.2", Assert.Single(Ns.BridgeJson("fdb", "show", "dev", Vxlan).Items()).Str("dst"));
    }

    [Fact]
    public void GetFdb_Device_EqualsBridgeFdbShowDev()
    {
        Client.ReplaceFdb(_vx, PeerMac, IPAddress.Parse("198.18.0.2"));
        Client.AppendFdb(_vx, Flood, IPAddress.Parse("198.18.0.3"));

        var ours = Client.GetFdb(_vx).Select(f => $"{f.Mac} {f.Dst} {(f.IsSelf ? "self" : "")} {(f.IsPermanent ? "permanent" : "")}").Order();
        var bridge = Ns.BridgeJson("fdb", "show", "dev", Vxlan).Items()
            .Select(e => $"{e.Str("mac")!.Replace(":", "").ToUpperInvariant()} {e.Str("dst")} {string.Join(' ', e.Strings("flags"))} {e.Str("state")}")
            .Order();

        Assert.Equal(bridge, ours);
        Assert.All(Client.GetFdb(_vx), f => Assert.Equal(_vx, f.Index));
    }
}
