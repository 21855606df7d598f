using System.Net;
using System.Text.Json.Nodes;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Tests.Support;

/// <summary>The kernel's own word, through iproute2's JSON and /proc: the oracle of the end-to-end tests.</summary>
internal static class Kernel
{
    public static async Task<JsonArray> IpJsonAsync(string ns, params string[] args)
    {
        var result = await ProcessRunner.RunCheckedAsync("test oracle", "ip", ["-n", ns, "-j", .. args], Timeouts.Command, CancellationToken.None);
        return string.IsNullOrWhiteSpace(result.Stdout) ? [] : JsonNode.Parse(result.Stdout)!.AsArray();
    }

    /// <summary>How many nexthops the namespace spreads flows to <paramref name="serviceIp"/> over (the lab's own reading, as verify uses it); 0 without a mesh route.</summary>
    public static Task<int> ServiceGroupSizeAsync(string ns, string serviceIp) =>
        ServiceGroupRoute.MembersAsync(ns, IPAddress.Parse(serviceIp), CancellationToken.None);

    public static async Task<ProcessResult> ExecAsync(string ns, params string[] command) =>
        await ProcessRunner.RunAsync("ip", Netns.Exec(ns, command), Timeouts.Command, CancellationToken.None);

    /// <summary>A sysctl as the namespace sees it (/proc/sys is per network namespace under ip netns exec).</summary>
    public static async Task<string> SysctlAsync(string ns, string path) =>
        (await ExecAsync(ns, "cat", $"/proc/sys/{path}")).Stdout.Trim();

    /// <summary>Interface names in the namespace this test process runs in (the root namespace under test.sh).</summary>
    public static async Task<IReadOnlyList<string>> RootInterfacesAsync()
    {
        var result = await ProcessRunner.RunCheckedAsync("test oracle", "ip", ["-j", "link", "show"], Timeouts.Command, CancellationToken.None);
        return JsonNode.Parse(result.Stdout)!.AsArray().Select(l => l!["ifname"]!.GetValue<string>()).ToList();
    }
}
