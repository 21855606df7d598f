using VxMesh.Core.Model;
using VxMesh.Core.Planning;

namespace VxMesh.Bench.Drift;

/// <summary>One thing a foreign actor does to owned state, as the iproute2 command it runs.</summary>
/// <param name="Kind">route, neighbour, fdb or device.</param>
/// <param name="Command">Arguments for `ip -n NS` (or `bridge -n NS` when <paramref name="Bridge"/>).</param>
public sealed record Tampering(string Kind, IReadOnlyList<string> Command, bool Bridge = false)
{
    public override string ToString() => $"{(Bridge ? "bridge" : "ip")} {string.Join(' ', Command)}";

    /// <summary>A random tampering of <paramref name="state"/>'s owned entries, reproducible from the seed.</summary>
    public static Tampering Pick(NodeState state, Random random)
    {
        var dev = state.Device.Name;
        switch (random.Next(10))
        {
            case < 4:
                var route = state.Routes[random.Next(state.Routes.Count)];
                return new("route", ["route", "del", route.Destination.ToString(), "proto", Ownership.RouteProtocol.ToString()]);
            case < 7:
                var neighbor = state.Neighbors[random.Next(state.Neighbors.Count)];
                return new("neighbour", ["neigh", "replace", neighbor.Ip.ToString(), "lladdr", "02:00:5e:00:53:01", "dev", dev, "nud", "permanent"]);
            case < 9:
                var fdb = state.Fdb[random.Next(state.Fdb.Count)];
                return new("fdb", ["fdb", "del", Mac.Format(fdb.Mac), "dev", dev, "dst", fdb.Destination.ToString(), "self"], Bridge: true);
            default:
                return new("device", ["link", "del", dev]);
        }
    }
}
