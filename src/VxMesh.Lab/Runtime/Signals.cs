using System.Runtime.InteropServices;

namespace VxMesh.Lab.Runtime;

/// <summary>kill(2), to stop lab processes by pid without spawning one process per signal.</summary>
internal static partial class Signals
{
    public const int Term = 15;
    public const int Kill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);

    /// <summary>False when the process is already gone (ESRCH), which is what the caller wanted anyway.</summary>
    public static bool Send(int pid, int signal) => pid > 1 && NativeKill(pid, signal) == 0;
}
