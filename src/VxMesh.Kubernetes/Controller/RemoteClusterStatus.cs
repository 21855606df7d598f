using System.Text.Json;
using k8s;
using k8s.Models;
using VxMesh.Agent.Registry.Etcd;

namespace VxMesh.Kubernetes.Controller;

/// <summary>
/// The mesh as this cluster sees it, one RemoteCluster object (vxmesh.io/v1alpha1, cluster-scoped)
/// per other cluster: its identity in spec, its registered nodes (address, VTEP, blocks, when each
/// last updated its registration) in status. `kubectl get remoteclusters` and `vxmesh status
/// --kubernetes` read them. Written with server-side apply under VxMesh's field manager, so each
/// write states the whole object; clusters that left are deleted (only VxMesh's objects).
/// </summary>
public sealed class RemoteClusterStatus(IKubernetes client)
{
    private const string FieldManager = "vxmesh-controller";

    /// <summary>The object for <paramref name="cluster"/>; pure.</summary>
    public static Dictionary<string, object> Body(ClusterRecord cluster, IEnumerable<NodeRegistration> nodes, DateTimeOffset observedAt)
    {
        var list = nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        return new Dictionary<string, object>
        {
            ["apiVersion"] = $"{Names.Group}/{Names.Version}",
            ["kind"] = "RemoteCluster",
            ["metadata"] = new Dictionary<string, object>
            {
                ["name"] = cluster.Name,
                ["labels"] = new Dictionary<string, string> { [Names.ManagedBy] = Names.ManagedByValue },
            },
            ["spec"] = new Dictionary<string, object>
            {
                ["cni"] = cluster.Cni.ToString().ToLowerInvariant(),
                ["podCidrs"] = cluster.PodCidrs.Select(c => c.ToString()).ToList(),
                ["serviceCidrs"] = cluster.ServiceCidrs.Select(c => c.ToString()).ToList(),
            },
            ["status"] = new Dictionary<string, object?>
            {
                ["nodeCount"] = list.Count,
                ["nodes"] = list.Select(n => new Dictionary<string, object?>
                {
                    ["name"] = n.Name,
                    ["ip"] = n.Ip.ToString(),
                    ["vtepIp"] = n.VtepIp?.ToString(),
                    ["vtepMac"] = n.VtepMac is { } mac ? Core.Model.Mac.Format(mac) : null,
                    ["blocks"] = n.PodCidrs.Select(b => b.ToString()).ToList(),
                    ["lastSeen"] = n.UpdatedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                }).ToList(),
                ["lastSeen"] = list.Count == 0 ? null : list.Max(n => n.UpdatedAt).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["observedAt"] = observedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }

    public Task ApplyAsync(Dictionary<string, object> body, CancellationToken cancel) =>
        client.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch(JsonSerializer.Serialize(body), V1Patch.PatchType.ApplyPatch),
            Names.Group, Names.Version, Names.RemoteClusters, (string)((Dictionary<string, object>)body["metadata"])["name"],
            fieldManager: FieldManager, force: true, cancellationToken: cancel);

    /// <summary>Names of VxMesh's RemoteCluster objects.</summary>
    public async Task<IReadOnlyList<string>> ListOursAsync(CancellationToken cancel)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(Names.Group, Names.Version, Names.RemoteClusters,
            labelSelector: $"{Names.ManagedBy}={Names.ManagedByValue}", cancellationToken: cancel);
        return list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString() ?? "").ToList();
    }

    public async Task DeleteAsync(string name, CancellationToken cancel)
    {
        try
        {
            await client.CustomObjects.DeleteClusterCustomObjectAsync(Names.Group, Names.Version, Names.RemoteClusters, name, cancellationToken: cancel);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
    }
}
