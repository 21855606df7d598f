using System.Runtime.InteropServices;

namespace VxMesh.Netlink.Interop;

// ioctl(2), for the one device setting rtnetlink cannot reach: ethtool features.
internal static unsafe partial class Libc
{
    // <linux/sockios.h>
    internal const nuint SIOCETHTOOL = 0x8946;

    [LibraryImport(Name, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(SafeHandle fd, nuint request, void* argument);
}
