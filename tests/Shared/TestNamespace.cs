using System.Text.Json.Nodes;

namespace VxMesh.Tests.Shared;

/// <summary>
/// A fresh network namespace for one test, deleted on Dispose (also when the test failed).
/// Kernel tests never touch the root namespace: everything runs through `ip -n` or `ip netns exec`.
/// Root is required; without it the constructor throws, so such tests fail rather than skip.
/// </summary>
public sealed class TestNamespace : IDisposable
{
    public TestNamespace(string prefix)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("kernel tests need root (network namespaces); run ./test.sh, which re-runs itself through sudo");
        }
        Name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        Shell.Run("ip", "netns", "add", Name).EnsureSuccess($"ip netns add {Name}");
        Ip("link", "set", "lo", "up");
    }

    public string Name { get; }

    /// <summary>An underlay interface `eth0` holding <paramref name="cidr"/> (a veth whose peer stays in this namespace, down).</summary>
    public TestNamespace WithUnderlay(string cidr, string device = "eth0")
    {
        Ip("link", "add", device, "type", "veth", "peer", "name", device + "p");
        Ip("addr", "add", cidr, "dev", device);
        Ip("link", "set", device + "p", "up");
        Ip("link", "set", device, "up");
        return this;
    }

    /// <summary>`ip -n NS ARGS`, failing the test on a non-zero exit.</summary>
    public string Ip(params string[] args) => Shell.Run("ip", ["-n", Name, .. args]).EnsureSuccess($"ip -n {Name} {string.Join(' ', args)}").Stdout;

    /// <summary>`ip -n NS -j ARGS` parsed: the oracle for kernel state.</summary>
    public JsonArray IpJson(params string[] args) => ParseArray(Shell.Run("ip", ["-n", Name, "-j", .. args]).EnsureSuccess("ip -j").Stdout);

    /// <summary>`bridge -n NS ARGS`, failing the test on a non-zero exit.</summary>
    public string Bridge(params string[] args) => Shell.Run("bridge", ["-n", Name, .. args]).EnsureSuccess($"bridge -n {Name} {string.Join(' ', args)}").Stdout;

    /// <summary>`bridge -n NS -j ARGS` parsed.</summary>
    public JsonArray BridgeJson(params string[] args) => ParseArray(Shell.Run("bridge", ["-n", Name, "-j", .. args]).EnsureSuccess("bridge -j").Stdout);

    /// <summary>Runs a program inside the namespace.</summary>
    public Shell.Result Exec(IEnumerable<string> command, string? stdin = null, int timeoutMs = 60_000) =>
        Shell.Run("ip", ["netns", "exec", Name, .. command], stdin, timeoutMs);

    private static JsonArray ParseArray(string json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonNode.Parse(json)?.AsArray() ?? [];

    public void Dispose()
    {
        foreach (var pid in Shell.Run("ip", "netns", "pids", Name).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Shell.Run("kill", "-9", pid.Trim());
        }
        Shell.Run("ip", "netns", "del", Name);
    }
}
