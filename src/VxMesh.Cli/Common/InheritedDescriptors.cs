using System.Runtime.InteropServices;

namespace VxMesh.Cli.Common;

/// <summary>
/// Keeps what vxmesh was given from reaching what it starts. A file descriptor inherited from the
/// caller — a `flock lab.lock vxmesh lab up` lock, a CI runner's pipe — would otherwise be passed on
/// to every daemon of a lab (etcd, API servers, agents, nginx), which outlive this process: the lock
/// stays taken and the pipe open until `lab down`. .NET opens its own descriptors close-on-exec;
/// this marks the inherited ones (3 and up) the same way, once, at start.
/// </summary>
internal static partial class InheritedDescriptors
{
    private const uint CloseRangeCloexec = 4; // CLOSE_RANGE_CLOEXEC, linux/close_range.h

    public static void KeepFromChildren()
    {
        if (OperatingSystem.IsLinux())
        {
            // Linux 5.11+; on an older kernel (ENOSYS, EINVAL) children inherit as before.
            _ = CloseRange(3, uint.MaxValue, CloseRangeCloexec);
        }
    }

    [LibraryImport("libc", EntryPoint = "close_range", SetLastError = true)]
    private static partial int CloseRange(uint first, uint last, uint flags);
}
