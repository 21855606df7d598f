using System.Net;
using System.Text.Json.Nodes;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// The address the agent gave its mesh device, as the kernel has it. In an etcd lab the agent
/// allocates its VTEP address itself, so the state records what the kernel says, not what the
/// topology file would have planned.
/// </summary>
public static class MeshAddress
{
    /// <summary>Null when the device or an IPv4 address on it is not there (yet).</summary>
    public static async Task<IPAddress?> ReadAsync(string ns, string device, CancellationToken cancel)
    {
        var result = await ProcessRunner.RunAsync("ip", ["-n", ns, "-j", "-4", "addr", "show", "dev", device], Timeouts.Command, cancel);
        if (!result.Ok || string.IsNullOrWhiteSpace(result.Stdout))
        {
            return null;
        }
        var local = JsonNode.Parse(result.Stdout)?.AsArray().FirstOrDefault()?["addr_info"]?.AsArray().FirstOrDefault()?["local"]?.GetValue<string>();
        return local is not null && IPAddress.TryParse(local, out var address) ? address : null;
    }

    /// <summary>Every node's entry with the address its kernel holds (unchanged where it holds none).</summary>
    public static async Task<LabState> RefreshAsync(LabState state, string device, CancellationToken cancel)
    {
        var nodes = new List<LabNodeState>();
        foreach (var node in state.Nodes)
        {
            nodes.Add(await ReadAsync(node.Namespace, device, cancel) is { } address ? node with { VxlanAddress = address } : node);
        }
        return state with { Nodes = nodes };
    }
}
