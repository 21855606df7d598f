using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VxMesh.Netlink.Interop;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Tests.Codec;

/// <summary>Struct sizes as the C compiler lays them out (checked against sizeof in C on x86_64).</summary>
public sealed class HeaderLayoutTests
{
    [Fact]
    public void FamilyHeaders_Sizes_MatchKernelStructs()
    {
        Assert.Equal(16, Unsafe.SizeOf<NlMsgHdr>());
        Assert.Equal(16, Unsafe.SizeOf<IfInfoMsg>());
        Assert.Equal(8, Unsafe.SizeOf<IfAddrMsg>());
        Assert.Equal(12, Unsafe.SizeOf<NdMsg>());
        Assert.Equal(12, Unsafe.SizeOf<RtMsg>());
        Assert.Equal(8, Unsafe.SizeOf<NhMsg>());
    }

    [Fact]
    public void SocketStructs_Layout_MatchLibc()
    {
        Assert.Equal(12, Unsafe.SizeOf<Libc.SockaddrNl>());
        Assert.Equal(16, Unsafe.SizeOf<Libc.IoVec>());
        Assert.Equal(64, Unsafe.SizeOf<Libc.MMsgHdr>());
        Assert.Equal(48, Marshal.OffsetOf<Libc.MMsgHdr>(nameof(Libc.MMsgHdr.Flags)).ToInt32());
        Assert.Equal(56, Marshal.OffsetOf<Libc.MMsgHdr>(nameof(Libc.MMsgHdr.Length)).ToInt32());
    }
}
