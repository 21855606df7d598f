namespace VxMesh.Lab.Runtime;

/// <summary>
/// Named network namespaces as `ip netns` keeps them (/run/netns). Creating and deleting go
/// through one `ip -batch` each, so a lab of dozens of namespaces costs two processes.
/// Nothing here configures the root namespace: it only creates and removes namespaces.
/// </summary>
public static class Netns
{
    private const string Directory = "/run/netns";

    public static IReadOnlyList<string> List() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    public static IReadOnlyList<string> WithPrefix(string prefix) =>
        List().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    public static Task CreateAsync(IEnumerable<string> names, CancellationToken cancel) =>
        ProcessRunner.RunCheckedAsync("creating namespaces", "ip", ["-batch", "-"], Timeouts.Command, cancel,
            string.Concat(names.Select(n => $"netns add {n}\n")));

    /// <summary>-force: keep deleting after one fails, so one stuck namespace does not leave the rest behind.</summary>
    public static async Task DeleteAsync(IReadOnlyCollection<string> names, CancellationToken cancel)
    {
        if (names.Count > 0)
        {
            await ProcessRunner.RunAsync("ip", ["-force", "-batch", "-"], Timeouts.Command, cancel,
                string.Concat(names.Select(n => $"netns del {n}\n")));
        }
    }

    /// <summary>Every process whose network namespace is <paramref name="name"/>.</summary>
    public static async Task<IReadOnlyList<int>> PidsAsync(string name, CancellationToken cancel)
    {
        var result = await ProcessRunner.RunAsync("ip", ["netns", "pids", name], Timeouts.Command, cancel);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, out var pid) ? pid : 0).Where(p => p > 1).ToList();
    }

    /// <summary>The names of the namespaces whose network namespace <paramref name="pid"/> is in (`ip netns identify`).</summary>
    public static async Task<IReadOnlyList<string>> IdentifyAsync(int pid, CancellationToken cancel)
    {
        var result = await ProcessRunner.RunAsync("ip", ["netns", "identify", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Timeouts.Command, cancel);
        return result.Ok ? result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
    }

    /// <summary>`ip netns exec NS` + <paramref name="command"/>.</summary>
    public static string[] Exec(string ns, params IEnumerable<string> command) => ["netns", "exec", ns, .. command];
}
