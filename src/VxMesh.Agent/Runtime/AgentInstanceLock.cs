namespace VxMesh.Agent.Runtime;

/// <summary>
/// One agent per network namespace: two would fight over the same device, routes and filter (routes
/// flapped between them). The lock is an exclusive advisory lock (.NET's FileShare.None is flock on
/// Linux) on a file named after the namespace's inode, so it is per namespace whatever the node name,
/// and the kernel drops it when the holder exits, however it exits — no stale lock after a crash.
/// Who holds it is written beside it, so the second agent can name the first.
/// </summary>
public sealed class AgentInstanceLock : IDisposable
{
    private readonly FileStream held;
    private readonly string ownerFile;

    private AgentInstanceLock(FileStream held, string ownerFile)
    {
        this.held = held;
        this.ownerFile = ownerFile;
    }

    /// <summary>Takes the lock of the current network namespace, or throws <see cref="AgentAlreadyRunningException"/> naming its holder.</summary>
    /// <param name="directory">Where lock files live (default /run/vxmesh).</param>
    public static AgentInstanceLock Acquire(string who, string directory = "/run/vxmesh")
    {
        Directory.CreateDirectory(directory);
        var name = NamespaceId();
        var path = Path.Combine(directory, $"agent-{name}.lock");
        var ownerFile = Path.Combine(directory, $"agent-{name}.owner");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(ownerFile, $"pid {Environment.ProcessId}: {who}");
            return new AgentInstanceLock(stream, ownerFile);
        }
        catch (IOException)
        {
            var owner = File.Exists(ownerFile) ? File.ReadAllText(ownerFile).Trim() : "unknown";
            throw new AgentAlreadyRunningException($"another vxmesh agent already runs in this network namespace ({owner}; lock {path}): one agent per namespace — stop it first");
        }
    }

    /// <summary>net-INODE of /proc/self/ns/net ("net:[4026531840]"): the same for every process in the namespace.</summary>
    private static string NamespaceId()
    {
        var link = new FileInfo("/proc/self/ns/net").LinkTarget ?? "net:[unknown]";
        return new string([.. link.Where(char.IsAsciiLetterOrDigit)]);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(ownerFile);
        }
        catch (IOException)
        {
            // Best effort: the next holder overwrites it.
        }
        held.Dispose();
    }
}

public sealed class AgentAlreadyRunningException(string message) : Exception(message);
