using System.Runtime.ExceptionServices;

namespace VxMesh.Netlink;

/// <summary>
/// Runs code inside a named network namespace (/run/netns/NAME, as <c>ip netns add</c> makes) on a
/// dedicated thread. Namespace membership is per thread; doing this on a thread-pool thread would
/// leave later, unrelated work in the wrong namespace, so it never happens there.
/// </summary>
public static class Netns
{
    public const string RunDirectory = "/run/netns";

    /// <summary>/run/netns/NAME, refusing names that would escape the directory.</summary>
    public static string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/') || name is "." or "..")
        {
            throw new ArgumentException($"invalid network namespace name '{name}'", nameof(name));
        }

        return Path.Combine(RunDirectory, name);
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a new thread that has entered namespace <paramref name="name"/>,
    /// and returns its result (or rethrows its exception). Sockets created inside stay in that namespace.
    /// </summary>
    public static T RunIn<T>(string name, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var path = PathOf(name);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var scope = NetnsScope.Enter(path);
                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {name}",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
