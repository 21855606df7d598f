using System.Net;
using System.Net.NetworkInformation;

namespace VxMesh.Agent.Probing;

/// <summary>
/// ICMP echo to a peer's VTEP address. That address is reachable only through the VXLAN device (its
/// ARP and FDB entries, or the onlink route to its first block), so an answer proves the whole overlay
/// path both ways: our FDB entry, the underlay, the peer's ingress filter and device, and back. As root
/// .NET sends it on a raw socket in the agent's own namespace (no process per probe). The RTT is timed
/// here on the clock's timestamp (the reply's own figure is whole milliseconds, too coarse for a LAN).
/// </summary>
public sealed class IcmpProbeSender(TimeProvider? time = null) : IProbeSender
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    private static readonly byte[] Payload = "vxmesh-probe"u8.ToArray();

    public async Task<TimeSpan?> ProbeAsync(IPAddress target, TimeSpan timeout, CancellationToken cancel)
    {
        using var ping = new Ping();
        try
        {
            var sent = clock.GetTimestamp();
            var reply = await ping.SendPingAsync(target, timeout, Payload, new PingOptions(64, dontFragment: true), cancel);
            return reply.Status == IPStatus.Success ? clock.GetElapsedTime(sent) : null;
        }
        catch (PingException)
        {
            // No route, no permission for a raw socket: as good as no answer for the path's state.
            return null;
        }
    }
}
