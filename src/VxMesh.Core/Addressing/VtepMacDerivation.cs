using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Text;

namespace VxMesh.Core.Addressing;

/// <summary>
/// Default VTEP MAC for a node that does not set one.
/// <para>
/// The MAC is a hash of the node's own identity (cluster and node name) and nothing else: not
/// its position in the inventory, not the other nodes, not the time. So a node keeps the same
/// MAC across restarts and across inventory edits elsewhere, and peers' FDB/neighbour entries
/// for it never go stale. Flannel regenerates the MAC when the device is recreated and peers
/// keep forwarding to the old one until their lease watch catches up; a stable name-derived
/// MAC removes that class of bug instead of racing it.
/// </para>
/// <para>
/// 48 bits of SHA-256 make accidental collisions negligible for mesh-sized inventories; the
/// validator still checks for them, because "negligible" is not "impossible".
/// </para>
/// </summary>
public static class VtepMacDerivation
{
    private const string Domain = "vxmesh-vtep:";

    public static PhysicalAddress Derive(string clusterName, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(clusterName);
        ArgumentNullException.ThrowIfNull(nodeName);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(Domain + clusterName + "/" + nodeName));
        var mac = digest[..6];
        // Locally administered (0x02) so it cannot clash with a vendor-assigned NIC address;
        // unicast (0x01 clear) because a multicast source MAC is dropped by every bridge.
        mac[0] = (byte)((mac[0] | 0x02) & ~0x01);
        return new PhysicalAddress(mac);
    }
}
