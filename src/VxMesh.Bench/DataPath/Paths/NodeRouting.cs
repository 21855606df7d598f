using System.Net;

namespace VxMesh.Bench.DataPath.Paths;

/// <summary>
/// What one node's kernel says about reaching the lab's addresses: its underlay device (the one
/// holding the node's address), every device's kind (vxlan, veth, bridge), the agent's routes
/// (protocol 118) and the kernel's route lookup for each destination. Read once, before measuring.
/// </summary>
public sealed record NodeRouting(
    string Node,
    string UnderlayDevice,
    IReadOnlyDictionary<string, string> DeviceKinds,
    IReadOnlyList<AgentRoute> AgentRoutes,
    IReadOnlyDictionary<IPAddress, RouteLookup> Lookups)
{
    /// <summary>From the three outputs <see cref="RouteSurvey"/> collects. A lab node's underlay device is eth0
    /// by the lab's own rule; that is the fallback when no device holds the node's address.</summary>
    public static NodeRouting Parse(string node, IPAddress nodeIp, string addrJson, string agentRoutesJson, string lookupOutput)
    {
        var (underlay, kinds) = IpJson.ParseLinks(addrJson, nodeIp);
        return new NodeRouting(node, underlay ?? "eth0", kinds, IpJson.ParseRoutes(agentRoutesJson), IpJson.ParseLookups(lookupOutput));
    }
}

/// <summary>A route the agent owns: `ip -j route show proto 118`.</summary>
public sealed record AgentRoute(IPNetwork Destination, string Device, IPAddress? Gateway);

/// <summary>The kernel's answer for one destination: `ip -j route get DST`.</summary>
public sealed record RouteLookup(IPAddress Destination, string Device, IPAddress? Gateway);
