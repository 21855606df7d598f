using System.Net;
using VxMesh.Core.Model;

namespace VxMesh.Core.Rendering;

/// <summary>One Calico IPPool cluster C needs for another cluster's range.</summary>
/// <param name="Kind">pod or svc.</param>
public sealed record RemotePool(string Name, IPNetwork Cidr, string Cluster, string Kind);

/// <summary>
/// Which pools cluster C needs, and their names, as seeds/000 writes them: every other cluster's
/// service and pod CIDRs, the first of each named `svc-CLUSTER` / `pod-CLUSTER`, further ones
/// `-2`, `-3`. The one list both `render --format calico` and the controller work from. Pure.
/// </summary>
public static class RemotePools
{
    public static IReadOnlyList<RemotePool> For(IEnumerable<ClusterSpec> clusters, string own) =>
        For(clusters.Select(c => (c.Name, (IReadOnlyList<IPNetwork>)c.PodCidrs, (IReadOnlyList<IPNetwork>)c.ServiceCidrs)), own);

    /// <param name="clusters">Name, pod CIDRs and service CIDRs of every cluster of the mesh (an inventory's, or the registry's records).</param>
    public static IReadOnlyList<RemotePool> For(IEnumerable<(string Name, IReadOnlyList<IPNetwork> PodCidrs, IReadOnlyList<IPNetwork> ServiceCidrs)> clusters, string own) =>
        clusters.Where(c => c.Name != own).OrderBy(c => c.Name, StringComparer.Ordinal)
            .SelectMany(c => Named("svc", c.Name, c.ServiceCidrs).Concat(Named("pod", c.Name, c.PodCidrs)))
            .ToList();

    /// <summary>Every other cluster's pod and service CIDRs: what must never be masqueraded toward (flannel's exemption list).</summary>
    public static IReadOnlyList<IPNetwork> Exempt(IEnumerable<(string Name, IReadOnlyList<IPNetwork> PodCidrs, IReadOnlyList<IPNetwork> ServiceCidrs)> clusters, string own) =>
        For(clusters, own).Select(p => p.Cidr).ToList();

    private static IEnumerable<RemotePool> Named(string kind, string cluster, IReadOnlyList<IPNetwork> cidrs) =>
        cidrs.Select((cidr, i) => new RemotePool(i == 0 ? $"{kind}-{cluster}" : $"{kind}-{cluster}-{i + 1}", cidr, cluster, kind));
}
