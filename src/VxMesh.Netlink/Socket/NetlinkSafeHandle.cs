using System.Runtime.InteropServices;
using VxMesh.Netlink.Interop;

namespace VxMesh.Netlink;

/// <summary>Owns a netlink socket descriptor and closes it exactly once.</summary>
public sealed class NetlinkSafeHandle : SafeHandle
{
    // The P/Invoke marshaller creates the handle before socket(2) returns, so it needs this constructor.
    public NetlinkSafeHandle()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The raw descriptor, for poll(2).</summary>
    internal int Fd => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => Libc.Close((int)handle.ToInt64()) == 0;
}
