using System.Net;
using VxMesh.Core.Addressing;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// Pod addresses from the node's blocks, as the CNI's IPAM hands them out: the lowest free host,
/// never the block's network address (the node's VTEP address in onlink mode), its .1 (flannel's
/// cni0 gateway), its broadcast address, or one the lab's own echo pods hold.
/// </summary>
public sealed class PodAddresses(IReadOnlyList<IPNetwork> blocks, IEnumerable<IPAddress> reserved)
{
    private readonly HashSet<IPAddress> taken = [.. reserved];
    private readonly Lock gate = new();

    /// <summary>The address and the block it came from, or null when every block is full.</summary>
    public (IPAddress Address, IPNetwork Block)? Allocate()
    {
        lock (gate)
        {
            foreach (var block in blocks)
            {
                var first = IpMath.ToInteger(block.BaseAddress);
                var size = (UInt128)1 << (32 - block.PrefixLength);
                for (UInt128 host = 2; host < size - 1; host++)
                {
                    var address = IpMath.FromInteger(first + host, block.BaseAddress.AddressFamily);
                    if (taken.Add(address))
                    {
                        return (address, block);
                    }
                }
            }
            return null;
        }
    }

    public void Release(IPAddress address)
    {
        lock (gate)
        {
            taken.Remove(address);
        }
    }
}
