using System.Runtime.InteropServices;

namespace VxMesh.Netlink.Interop;

// socket(2), bind(2), setsockopt(2), getsockopt(2), getsockname(2), sendto(2), recv(2), recvmmsg(2), close(2).
internal static unsafe partial class Libc
{
    // <bits/socket.h>, <asm-generic/socket.h>
    internal const int AF_NETLINK = 16;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int SOL_SOCKET = 1;
    internal const int SO_SNDBUF = 7;
    internal const int SO_RCVBUF = 8;
    internal const int SO_SNDBUFFORCE = 32;
    internal const int SO_RCVBUFFORCE = 33;
    internal const int MSG_TRUNC = 0x20;
    internal const int MSG_DONTWAIT = 0x40;

    /// <summary>struct sockaddr_nl from linux/netlink.h (12 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockaddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint Pid;
        public uint Groups;
    }

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>
    /// struct mmsghdr (64 bytes on LP64): struct msghdr (56, msg_flags padded to 8) then msg_len.
    /// Explicit offsets because the C padding after msg_flags is easy to get wrong.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    internal struct MMsgHdr
    {
        [FieldOffset(0)] public void* Name;
        [FieldOffset(8)] public uint NameLength;
        [FieldOffset(16)] public IoVec* Iov;
        [FieldOffset(24)] public nuint IovLength;
        [FieldOffset(32)] public void* Control;
        [FieldOffset(40)] public nuint ControlLength;
        [FieldOffset(48)] public int Flags;
        [FieldOffset(56)] public uint Length;
    }

    [LibraryImport(Name, EntryPoint = "socket", SetLastError = true)]
    internal static partial NetlinkSafeHandle Socket(int domain, int type, int protocol);

    [LibraryImport(Name, EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(NetlinkSafeHandle fd, SockaddrNl* address, int addressLength);

    [LibraryImport(Name, EntryPoint = "getsockname", SetLastError = true)]
    internal static partial int GetSockName(NetlinkSafeHandle fd, SockaddrNl* address, int* addressLength);

    [LibraryImport(Name, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(NetlinkSafeHandle fd, int level, int name, void* value, int valueLength);

    [LibraryImport(Name, EntryPoint = "getsockopt", SetLastError = true)]
    internal static partial int GetSockOpt(NetlinkSafeHandle fd, int level, int name, void* value, int* valueLength);

    [LibraryImport(Name, EntryPoint = "sendto", SetLastError = true)]
    internal static partial nint SendTo(NetlinkSafeHandle fd, byte* buffer, nint length, int flags, SockaddrNl* address, int addressLength);

    [LibraryImport(Name, EntryPoint = "recv", SetLastError = true)]
    internal static partial nint Recv(NetlinkSafeHandle fd, byte* buffer, nint length, int flags);

    [LibraryImport(Name, EntryPoint = "recvmmsg", SetLastError = true)]
    internal static partial int RecvMMsg(NetlinkSafeHandle fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    // Takes the raw descriptor: it is only called from NetlinkSafeHandle.ReleaseHandle.
    [LibraryImport(Name, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
