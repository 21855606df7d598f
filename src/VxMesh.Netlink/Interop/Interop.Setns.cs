using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace VxMesh.Netlink.Interop;

// setns(2): moves the calling thread (not the process) into the namespace behind fd.
internal static partial class Libc
{
    // linux/sched.h
    internal const int CLONE_NEWNET = 0x40000000;

    [LibraryImport(Name, EntryPoint = "setns", SetLastError = true)]
    internal static partial int Setns(SafeFileHandle fd, int nstype);
}
