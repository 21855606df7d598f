using System.Net;

namespace VxMesh.Lab.Registry;

/// <summary>
/// Where an etcd lab keeps its registry: etcd runs in its own namespace, vxlab-LAB-etcd, joined
/// to the fabric by one veth on a /30 of the lab ranges that nothing in the topology uses. Nodes
/// reach it through their default route (their segment's gateway, the fabric), so agents talk to
/// etcd across the same routed underlay they use for VXLAN: stopping etcd is a real outage to
/// them, and nothing about it lives in the root namespace.
/// </summary>
/// <param name="Link">The /30 between the fabric (first host) and etcd (second host).</param>
public sealed record EtcdLayout(string Namespace, IPNetwork Link, IPAddress FabricAddress, IPAddress Address)
{
    /// <summary>The member name in vxlab-LAB-etcd; no node may be called this in an etcd lab.</summary>
    public const string Member = "etcd";

    /// <summary>The fabric-side end of the link (≤ 15 characters, like every interface name).</summary>
    public const string FabricPort = "veth-etcd";

    public const int ClientPort = 2379;

    /// <summary>https: the lab's etcd serves TLS from the lab CA and wants client certificates (<see cref="LabPki"/>).</summary>
    public string ClientUrl => $"https://{Address}:{ClientPort}";
}
