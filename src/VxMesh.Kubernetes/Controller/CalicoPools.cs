using System.Text.Json;
using k8s;
using k8s.Models;
using VxMesh.Core.Rendering;

namespace VxMesh.Kubernetes.Controller;

/// <summary>
/// The cluster's Calico IPPools through the API: read all (to see names VxMesh must not take),
/// write VxMesh's as seeds/000 writes them — natOutgoing false (traffic to that range keeps its
/// source), disabled true (Calico never allocates from it) — labelled as VxMesh's.
/// </summary>
public sealed class CalicoPools(IKubernetes client)
{
    private const string Plural = "ippools";

    public async Task<IReadOnlyList<ExistingPool>> ListAsync(CancellationToken cancel)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(Names.CalicoGroup, Names.CalicoVersion, Plural, cancellationToken: cancel);
        return list.GetProperty("items").EnumerateArray().Select(Read).ToList();
    }

    public Task CreateAsync(RemotePool pool, CancellationToken cancel) =>
        client.CustomObjects.CreateClusterCustomObjectAsync(Body(pool), Names.CalicoGroup, Names.CalicoVersion, Plural, cancellationToken: cancel);

    public Task UpdateAsync(RemotePool pool, CancellationToken cancel) =>
        client.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch(Body(pool), V1Patch.PatchType.MergePatch), Names.CalicoGroup, Names.CalicoVersion,
            Plural, pool.Name, cancellationToken: cancel);

    public async Task DeleteAsync(string name, CancellationToken cancel)
    {
        try
        {
            await client.CustomObjects.DeleteClusterCustomObjectAsync(Names.CalicoGroup, Names.CalicoVersion, Plural, name, cancellationToken: cancel);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>Watches VxMesh's pools; <paramref name="changed"/> on every event (a pool deleted by hand comes back at once).</summary>
    public async Task WatchAsync(Action changed, CancellationToken cancel)
    {
        await foreach (var _ in client.CustomObjects.WatchListClusterCustomObjectAsync(Names.CalicoGroup, Names.CalicoVersion, Plural,
            labelSelector: $"{Names.ManagedBy}={Names.ManagedByValue}", timeoutSeconds: 300, cancellationToken: cancel))
        {
            changed();
        }
    }

    public static Dictionary<string, object> Body(RemotePool pool) => new()
    {
        ["apiVersion"] = $"{Names.CalicoGroup}/{Names.CalicoVersion}",
        ["kind"] = "IPPool",
        ["metadata"] = new Dictionary<string, object>
        {
            ["name"] = pool.Name,
            ["labels"] = new Dictionary<string, string> { [Names.ManagedBy] = Names.ManagedByValue, [Names.RemoteCluster] = pool.Cluster },
        },
        ["spec"] = new Dictionary<string, object> { ["cidr"] = pool.Cidr.ToString(), ["natOutgoing"] = false, ["disabled"] = true },
    };

    internal static ExistingPool Read(JsonElement item)
    {
        var metadata = item.GetProperty("metadata");
        var ours = metadata.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object
            && labels.TryGetProperty(Names.ManagedBy, out var by) && by.GetString() == Names.ManagedByValue;
        var spec = item.TryGetProperty("spec", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        bool Flag(string key) => spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.True;
        var cidr = spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("cidr", out var c) ? c.GetString() : null;
        return new ExistingPool(metadata.GetProperty("name").GetString() ?? "", cidr, Flag("natOutgoing"), Flag("disabled"), ours);
    }
}
