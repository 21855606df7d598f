using VxMesh.Lab.Runtime;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Registry;

/// <summary>
/// Picks the etcd link's /30: the first free one (<see cref="FreeLink"/>), so the same topology
/// always puts etcd at the same address (198.18.0.2 for every example topology).
/// </summary>
public static class EtcdPlacement
{
    private const int LinkPrefix = 30;

    public static EtcdLayout Choose(LabTopology topology)
    {
        var link = FreeLink.Choose(topology, LinkPrefix, [])
            ?? throw new LabInputException($"the topology uses every /30 of {AllowedRanges.Describe}: there is no address left for the lab's etcd");
        return new EtcdLayout(LabName.Namespace(topology.Name, EtcdLayout.Member), link, FreeLink.Host(link, 1), FreeLink.Host(link, 2));
    }
}
