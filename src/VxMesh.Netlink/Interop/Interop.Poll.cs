using System.Runtime.InteropServices;

namespace VxMesh.Netlink.Interop;

// poll(2): lets the monitor block with a timeout without a thread per socket.
internal static unsafe partial class Libc
{
    internal const short POLLIN = 0x001;
    internal const short POLLERR = 0x008;

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    [LibraryImport(Name, EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);
}
