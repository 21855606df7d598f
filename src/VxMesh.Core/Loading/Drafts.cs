using System.Net;
using System.Net.NetworkInformation;
using VxMesh.Core.Model;
using YamlDotNet.RepresentationModel;

namespace VxMesh.Core.Loading;

// The inventory as read, before it is known to be valid. A field is null when the key was
// absent or its value was rejected (already reported), so later checks simply skip it
// instead of piling follow-on problems onto one typo.

internal sealed class InventoryDraft
{
    public MeshDraft Mesh { get; set; } = new();
    public List<ClusterDraft> Clusters { get; } = [];
    public YamlMappingNode? Lab { get; set; }

    public IEnumerable<NodeDraft> AllNodes => Clusters.SelectMany(c => c.Nodes);
}

internal sealed class MeshDraft
{
    public Located<long>? Vni { get; set; }
    public Located<long>? Port { get; set; }
    public Located<string>? Device { get; set; }
    public Located<IPNetwork>? VtepCidr { get; set; }

    /// <summary>True when vtepCidr was written, even if invalid: nodes' vtepIp must then not be reported as "without vtepCidr".</summary>
    public bool VtepCidrWritten { get; set; }

    public Located<long>? Mtu { get; set; }
    public Located<Backend>? Backend { get; set; }
    public Located<bool>? TxChecksumOffload { get; set; }
}

internal sealed class ClusterDraft(string path, Pos pos)
{
    public string Path => path;
    public Pos Pos => pos;
    public Located<string>? Name { get; set; }
    public Located<CniKind>? Cni { get; set; }
    public List<Located<IPNetwork>> PodCidrs { get; } = [];
    public List<Located<IPNetwork>> ServiceCidrs { get; } = [];
    public Located<long>? PodMtu { get; set; }
    public List<NodeDraft> Nodes { get; } = [];

    public string Describe() => Name is null ? $"cluster at {path} (line {pos.Line})" : $"cluster '{Name.Value}'";
}

internal sealed class NodeDraft(ClusterDraft cluster, string path, Pos pos)
{
    public ClusterDraft Cluster => cluster;
    public string Path => path;
    public Pos Pos => pos;
    public Located<string>? Name { get; set; }
    public Located<IPAddress>? Ip { get; set; }
    public Located<string>? UnderlayDev { get; set; }
    public Located<IPAddress>? VtepIp { get; set; }
    public Located<PhysicalAddress>? VtepMac { get; set; }

    /// <summary>Written, even if rejected: a rejected value is not replaced by a derived one, which would only add follow-on noise.</summary>
    public bool VtepIpWritten { get; set; }
    public bool VtepMacWritten { get; set; }
    public List<Located<IPNetwork>> PodCidrs { get; } = [];

    /// <summary>VTEP address in effect (given or derived); set by <see cref="VtepResolution"/>.</summary>
    public Located<IPAddress>? ResolvedVtepIp { get; set; }
    public bool VtepIpDerived { get; set; }

    /// <summary>VTEP MAC in effect (given or derived); set by <see cref="VtepResolution"/>.</summary>
    public Located<PhysicalAddress>? ResolvedVtepMac { get; set; }
    public bool VtepMacDerived { get; set; }

    public string Key(string key) => $"{path}.{key}";

    public string Describe() =>
        Name is null ? $"the node at {path} (line {pos.Line})" : $"node '{Name.Value}' ({path}, line {pos.Line})";
}
