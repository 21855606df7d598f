using Microsoft.Win32.SafeHandles;
using VxMesh.Netlink.Interop;

namespace VxMesh.Netlink;

/// <summary>
/// Moves the current thread into a network namespace and, on Dispose, back into the one it came
/// from (saved from /proc/thread-self/ns/net first). Only for threads we own: thread-pool threads
/// are refused. Dispose on the same thread that entered.
/// </summary>
public sealed class NetnsScope : IDisposable
{
    private const string ThreadNamespacePath = "/proc/thread-self/ns/net";

    private readonly SafeFileHandle _original;
    private readonly int _threadId;
    private bool _disposed;

    private NetnsScope(SafeFileHandle original)
    {
        _original = original;
        _threadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>Enters the namespace file at <paramref name="path"/> (e.g. /run/netns/NAME).</summary>
    public static NetnsScope Enter(string path)
    {
        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            throw new InvalidOperationException("setns on a thread-pool thread would leak the namespace into unrelated work; use Netns.RunIn");
        }

        using var target = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        var original = File.OpenHandle(ThreadNamespacePath, FileMode.Open, FileAccess.Read);
        if (Libc.Setns(target, Libc.CLONE_NEWNET) != 0)
        {
            var error = NetlinkException.FromLastError($"setns({path}, CLONE_NEWNET)");
            original.Dispose();
            throw error;
        }

        return new NetnsScope(original);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (Environment.CurrentManagedThreadId != _threadId)
        {
            throw new InvalidOperationException("NetnsScope must be disposed on the thread that entered it");
        }

        _disposed = true;
        using (_original)
        {
            if (Libc.Setns(_original, Libc.CLONE_NEWNET) != 0)
            {
                // The thread is stranded in the other namespace; say so loudly rather than run on there.
                throw NetlinkException.FromLastError("setns back to the thread's original namespace");
            }
        }
    }
}
