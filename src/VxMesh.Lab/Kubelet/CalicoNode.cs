using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using Microsoft.Extensions.Logging;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Scripts;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// The part of calico-node the lab plays on a calico-style node: the node's blocks as confirmed
/// BlockAffinity objects (what `kubectl get blockaffinity` shows in seeds/000), and felix's NAT
/// sets kept equal to the cluster's IPPools — every pool in the "all pools" set (its
/// destinations are never masqueraded), pools with natOutgoing in the "masquerade" set — so an
/// IPPool created or deleted in the API changes which traffic is SNATed, as on a real node.
/// </summary>
public sealed class CalicoNode(IKubernetes client, KubeletConfig config, TimeProvider time, ILogger log)
{
    public const string Group = "crd.projectcalico.org";
    public const string Version = "v1";

    /// <summary>The name Calico gives a block affinity: node and CIDR, dots and the slash as dashes.</summary>
    public static string AffinityName(string node, IPNetwork block) =>
        $"{node}-{block.ToString().Replace('.', '-').Replace('/', '-')}";

    public async Task WriteAffinitiesAsync(CancellationToken cancel)
    {
        foreach (var block in config.Blocks)
        {
            var body = new Dictionary<string, object>
            {
                ["apiVersion"] = $"{Group}/{Version}",
                ["kind"] = "BlockAffinity",
                ["metadata"] = new Dictionary<string, object> { ["name"] = AffinityName(config.Node, block) },
                ["spec"] = new Dictionary<string, object> { ["cidr"] = block.ToString(), ["node"] = config.Node, ["state"] = "confirmed", ["deleted"] = "false" },
            };
            await RetryAsync($"block affinity {block}", async () =>
            {
                try
                {
                    await client.CustomObjects.CreateClusterCustomObjectAsync(body, Group, Version, "blockaffinities", cancellationToken: cancel);
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
                {
                    // Already there from an earlier start of this node: confirmed is what it must say.
                    await client.CustomObjects.PatchClusterCustomObjectAsync(new k8s.Models.V1Patch(body, k8s.Models.V1Patch.PatchType.MergePatch), Group, Version, "blockaffinities",
                        AffinityName(config.Node, block), cancellationToken: cancel);
                }
            }, cancel);
        }
        log.AffinitiesConfirmed(config.Blocks);
    }

    /// <summary>Follows the IPPools (list, then watch; again after every end) and rewrites the two NAT sets when they change.</summary>
    public async Task FollowPoolsAsync(CancellationToken cancel)
    {
        string? applied = null;
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                var list = await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(Group, Version, "ippools", cancellationToken: cancel);
                var pools = Pools(list).ToDictionary(p => p.Name);
                applied = await ApplyAsync(pools.Values, applied, cancel);
                var version = list.GetProperty("metadata").GetProperty("resourceVersion").GetString();
                await foreach (var (type, item) in client.CustomObjects.WatchListClusterCustomObjectAsync(Group, Version, "ippools",
                    resourceVersion: version, timeoutSeconds: 300, cancellationToken: cancel))
                {
                    var pool = Pool(item is JsonElement element ? element : JsonSerializer.SerializeToElement(item));
                    if (type == WatchEventType.Deleted)
                    {
                        pools.Remove(pool.Name);
                    }
                    else
                    {
                        pools[pool.Name] = pool;
                    }
                    applied = await ApplyAsync(pools.Values, applied, cancel);
                }
            }
            catch (Exception e) when (!cancel.IsCancellationRequested)
            {
                log.Retrying("following IPPools", e.Message, 2000);
                await Task.Delay(TimeSpan.FromSeconds(2), time, cancel);
            }
        }
    }

    private sealed record PoolEntry(string Name, string Cidr, bool NatOutgoing);

    private static IEnumerable<PoolEntry> Pools(JsonElement list) => list.GetProperty("items").EnumerateArray().Select(Pool);

    private static PoolEntry Pool(JsonElement item)
    {
        var spec = item.TryGetProperty("spec", out var s) ? s : default;
        return new PoolEntry(item.GetProperty("metadata").GetProperty("name").GetString() ?? "",
            spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("cidr", out var cidr) ? cidr.GetString() ?? "" : "",
            spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("natOutgoing", out var nat) && nat.ValueKind == JsonValueKind.True);
    }

    /// <summary>One nft transaction: both sets flushed and refilled, so no packet sees a half-written set.</summary>
    private async Task<string> ApplyAsync(IEnumerable<PoolEntry> pools, string? applied, CancellationToken cancel)
    {
        var valid = pools.Where(p => IPNetwork.TryParse(p.Cidr, out _)).ToList();
        var all = valid.Select(p => p.Cidr).Distinct().Order(StringComparer.Ordinal).ToList();
        var masq = valid.Where(p => p.NatOutgoing).Select(p => p.Cidr).Distinct().Order(StringComparer.Ordinal).ToList();
        var script = new StringBuilder()
            .Append($"flush set ip {NatRules.Table} {NatRules.CalicoAllPools}\n")
            .Append($"flush set ip {NatRules.Table} {NatRules.CalicoMasqueradePools}\n");
        if (all.Count > 0)
        {
            script.Append($"add element ip {NatRules.Table} {NatRules.CalicoAllPools} {{ {string.Join(", ", all)} }}\n");
        }
        if (masq.Count > 0)
        {
            script.Append($"add element ip {NatRules.Table} {NatRules.CalicoMasqueradePools} {{ {string.Join(", ", masq)} }}\n");
        }
        var text = script.ToString();
        if (text == applied)
        {
            return text;
        }
        await ProcessRunner.RunCheckedAsync("updating the NAT sets from the IPPools", "nft", ["-f", "-"], Timeouts.Command, cancel, text);
        log.PoolsApplied(all, masq);
        return text;
    }

    private async Task RetryAsync(string what, Func<Task> attempt, CancellationToken cancel)
    {
        var backoff = TimeSpan.FromMilliseconds(300);
        while (true)
        {
            try
            {
                await attempt();
                return;
            }
            catch (Exception e) when (!cancel.IsCancellationRequested && e is HttpRequestException or k8s.Autorest.HttpOperationException)
            {
                log.Retrying(what, e.Message, backoff.TotalMilliseconds);
                await Task.Delay(backoff, time, cancel);
                backoff = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, backoff.Ticks * 2));
            }
        }
    }
}
