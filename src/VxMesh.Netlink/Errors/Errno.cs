using System.Collections.Frozen;
using System.Runtime.InteropServices;

namespace VxMesh.Netlink;

/// <summary>
/// Linux errno values the rtnetlink paths return, their symbolic names, and the decisions
/// callers make on them. This is the one place errno turns into a decision.
/// </summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int E2BIG = 7;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int ERANGE = 34;
    public const int ENODATA = 61;
    public const int EPROTO = 71;
    public const int EBADMSG = 74;
    public const int EMSGSIZE = 90;
    public const int EPROTONOSUPPORT = 93;
    public const int EOPNOTSUPP = 95;
    public const int EAFNOSUPPORT = 97;
    public const int EADDRINUSE = 98;
    public const int EADDRNOTAVAIL = 99;
    public const int ENETDOWN = 100;
    public const int ENETUNREACH = 101;
    public const int ENOBUFS = 105;
    public const int ETIMEDOUT = 110;
    public const int EHOSTUNREACH = 113;

    private static readonly FrozenDictionary<int, string> Names = new Dictionary<int, string>
    {
        [EPERM] = "EPERM",
        [ENOENT] = "ENOENT",
        [ESRCH] = "ESRCH",
        [EINTR] = "EINTR",
        [EIO] = "EIO",
        [ENXIO] = "ENXIO",
        [E2BIG] = "E2BIG",
        [EBADF] = "EBADF",
        [EAGAIN] = "EAGAIN",
        [ENOMEM] = "ENOMEM",
        [EACCES] = "EACCES",
        [EFAULT] = "EFAULT",
        [EBUSY] = "EBUSY",
        [EEXIST] = "EEXIST",
        [EXDEV] = "EXDEV",
        [ENODEV] = "ENODEV",
        [EINVAL] = "EINVAL",
        [ENOSPC] = "ENOSPC",
        [ERANGE] = "ERANGE",
        [ENODATA] = "ENODATA",
        [EPROTO] = "EPROTO",
        [EBADMSG] = "EBADMSG",
        [EMSGSIZE] = "EMSGSIZE",
        [EPROTONOSUPPORT] = "EPROTONOSUPPORT",
        [EOPNOTSUPP] = "EOPNOTSUPP",
        [EAFNOSUPPORT] = "EAFNOSUPPORT",
        [EADDRINUSE] = "EADDRINUSE",
        [EADDRNOTAVAIL] = "EADDRNOTAVAIL",
        [ENETDOWN] = "ENETDOWN",
        [ENETUNREACH] = "ENETUNREACH",
        [ENOBUFS] = "ENOBUFS",
        [ETIMEDOUT] = "ETIMEDOUT",
        [EHOSTUNREACH] = "EHOSTUNREACH",
    }.ToFrozenDictionary();

    /// <summary>Symbolic name such as "EEXIST"; "E123" for values outside the table.</summary>
    public static string Name(int errno) => Names.TryGetValue(errno, out var name) ? name : $"E{errno}";

    /// <summary>libc's strerror text, e.g. "File exists".</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>
    /// The object is not there. Each table answers differently: neighbours, FDB and nexthops say
    /// ENOENT, IPv4 routes ESRCH, links ENODEV, and IPv4 addresses EADDRNOTAVAIL.
    /// </summary>
    public static bool IsNotFound(int errno) =>
        errno is ENOENT or ESRCH or ENODEV or EADDRNOTAVAIL;

    /// <summary>The object already exists (NLM_F_EXCL create).</summary>
    public static bool IsExists(int errno) => errno == EEXIST;
}
