using VxMesh.Netlink;

namespace VxMesh.Agent.Dataplane;

/// <summary>
/// Kernel settings under /proc/sys, read and written from inside a network namespace: the net.* tree
/// shows the namespace of the thread that opens the file, so another namespace is entered on a
/// thread of its own (<see cref="Netns.RunIn{T}"/>), never on the caller's.
/// </summary>
internal static class Sysctl
{
    /// <summary>The value (trimmed), or null when the kernel has no such setting.</summary>
    public static string? Read(string? netns, string name) =>
        Run(netns, () => File.Exists(PathOf(name)) ? File.ReadAllText(PathOf(name)).Trim() : null);

    public static void Write(string? netns, string name, string value) =>
        Run(netns, () =>
        {
            File.WriteAllText(PathOf(name), value);
            return true;
        });

    /// <summary>net.ipv4.fib_multipath_hash_policy → /proc/sys/net/ipv4/fib_multipath_hash_policy; names are ours, never input.</summary>
    private static string PathOf(string name) => "/proc/sys/" + name.Replace('.', '/');

    private static T Run<T>(string? netns, Func<T> action) => netns is null ? action() : Netns.RunIn(netns, action);
}
