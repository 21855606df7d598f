using System.Net;
using System.Text.Json.Nodes;
using VxMesh.Core.Model;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// How many nexthops a node spreads flows to an address over: the members of the group behind the
/// mesh's route (protocol 118) that covers it, read with `ip -j route` and `ip -j nexthop`. 0 when
/// no mesh route covers the address, 1 for a plain nexthop or a one-member group.
/// </summary>
public static class ServiceGroupRoute
{
    public static async Task<int> MembersAsync(string nodeNamespace, IPAddress address, CancellationToken cancel)
    {
        var routes = await IpJsonAsync(nodeNamespace, ["route", "show", "proto", Ownership.RouteProtocol.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancel);
        var route = routes?.AsArray().FirstOrDefault(r => (string?)r!["dst"] is { } dst && dst.Contains('/', StringComparison.Ordinal)
            && IPNetwork.TryParse(dst, out var net) && net.Contains(address));
        if (route is null)
        {
            return 0;
        }
        if (route["nhid"] is not { } nhid)
        {
            return 1;
        }
        var nexthop = (await IpJsonAsync(nodeNamespace, ["nexthop", "show", "id", $"{(int)nhid}"], cancel))?.AsArray().SingleOrDefault();
        return nexthop?["group"]?.AsArray().Count ?? 1;
    }

    private static async Task<JsonNode?> IpJsonAsync(string nodeNamespace, IReadOnlyList<string> args, CancellationToken cancel)
    {
        var result = await ProcessRunner.RunAsync("ip", ["-n", nodeNamespace, "-j", .. args], Timeouts.Command, cancel);
        return result.Ok && result.Stdout.Trim().Length > 0 ? JsonNode.Parse(result.Stdout) : null;
    }
}
