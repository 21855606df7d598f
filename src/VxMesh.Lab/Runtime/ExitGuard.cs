namespace VxMesh.Lab.Runtime;

/// <summary>
/// Keeps the process alive while a lab operation that must finish (building, tearing down)
/// is still running. On Ctrl-C the command-line layer cancels the operation but returns from
/// Main after two seconds; without this the runtime would exit mid-teardown and leave
/// namespaces behind. Exit waits, bounded, until every holder is done.
/// </summary>
public static class ExitGuard
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private static readonly object Gate = new();
    private static int holders;

    static ExitGuard() => AppDomain.CurrentDomain.ProcessExit += (_, _) => WaitUntilReleased();

    /// <summary>Until disposed, process exit waits (at most 30 s) for this holder.</summary>
    public static IDisposable Hold()
    {
        lock (Gate)
        {
            holders++;
        }
        return new Holder();
    }

    private static void WaitUntilReleased()
    {
        var deadline = DateTime.UtcNow + MaxWait;
        lock (Gate)
        {
            while (holders > 0 && DateTime.UtcNow < deadline)
            {
                Monitor.Wait(Gate, TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private sealed class Holder : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                lock (Gate)
                {
                    holders--;
                    Monitor.PulseAll(Gate);
                }
            }
        }
    }
}
