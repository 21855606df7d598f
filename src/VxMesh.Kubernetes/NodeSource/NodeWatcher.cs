using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using VxMesh.Core.Model;

namespace VxMesh.Kubernetes.NodeSource;

/// <summary>
/// Follows this node's Node object (and, in calico clusters, the BlockAffinities) with list+watch:
/// each watch starts at the list's resourceVersion, and when it ends or expires (410 Gone) the next
/// round lists again, so nothing that changed meanwhile is missed. Changed facts are handed on; an
/// unreachable API server keeps the last facts (the kernel stays as it is) and is retried with
/// back-off.
/// </summary>
public sealed partial class NodeWatcher(IKubernetes client, string node, CniKind cni, ILogger logger, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly Dictionary<string, BlockAffinity> affinities = new(StringComparer.Ordinal);
    private V1Node? current;
    private NodeFacts? facts;

    public NodeFacts? Facts => facts;

    /// <summary>Raised when the facts change (never for the first ones).</summary>
    public event Action<NodeFacts>? Changed;

    /// <summary>Reads until the node has an address and a block (a new node waits for its podCIDR or affinity).</summary>
    public async Task<NodeFacts> FirstAsync(CancellationToken cancel)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        string? said = null;
        while (true)
        {
            try
            {
                current = await client.CoreV1.ReadNodeAsync(node, cancellationToken: cancel);
                if (cni == CniKind.Calico)
                {
                    await ListAffinitiesAsync(cancel);
                }
                if (NodeFactsReader.From(current, affinities.Values, cni, out var missing) is { } first)
                {
                    facts = first;
                    LogFacts(node, first);
                    return first;
                }
                if (missing != said)
                {
                    LogWaiting(missing!);
                    said = missing;
                }
            }
            catch (Exception e) when (IsTransient(e, cancel))
            {
                LogRetry($"reading node {node}", e.Message, backoff.TotalMilliseconds);
            }
            await Task.Delay(backoff, clock, cancel);
            backoff = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, backoff.Ticks * 2));
        }
    }

    /// <summary>Watches until stopped.</summary>
    public Task RunAsync(CancellationToken cancel) =>
        cni == CniKind.Calico ? Task.WhenAll(WatchNodeAsync(cancel), WatchAffinitiesAsync(cancel)) : WatchNodeAsync(cancel);

    private async Task WatchNodeAsync(CancellationToken cancel)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                var list = await client.CoreV1.ListNodeAsync(fieldSelector: $"metadata.name={node}", cancellationToken: cancel);
                if (list.Items.FirstOrDefault() is { } fresh)
                {
                    current = fresh;
                    Recompute();
                }
                await foreach (var (type, item) in client.CoreV1.WatchListNodeAsync(fieldSelector: $"metadata.name={node}",
                    resourceVersion: list.Metadata.ResourceVersion, timeoutSeconds: 300, cancellationToken: cancel))
                {
                    if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        current = item;
                        Recompute();
                    }
                }
                backoff = TimeSpan.FromMilliseconds(500);
            }
            catch (Exception e) when (IsTransient(e, cancel))
            {
                LogRetry($"watching node {node}", e.Message, backoff.TotalMilliseconds);
                await Task.Delay(backoff, clock, cancel);
                backoff = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, backoff.Ticks * 2));
            }
        }
    }

    private async Task WatchAffinitiesAsync(CancellationToken cancel)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                var version = await ListAffinitiesAsync(cancel);
                Recompute();
                await foreach (var (type, item) in client.CustomObjects.WatchListClusterCustomObjectAsync(Names.CalicoGroup, Names.CalicoVersion,
                    "blockaffinities", resourceVersion: version, timeoutSeconds: 300, cancellationToken: cancel))
                {
                    var element = item is JsonElement e ? e : JsonSerializer.SerializeToElement(item);
                    var name = element.GetProperty("metadata").GetProperty("name").GetString() ?? "";
                    lock (affinities)
                    {
                        if (type == WatchEventType.Deleted)
                        {
                            affinities.Remove(name);
                        }
                        else if (type is WatchEventType.Added or WatchEventType.Modified)
                        {
                            affinities[name] = Affinity(element);
                        }
                    }
                    Recompute();
                }
                backoff = TimeSpan.FromMilliseconds(500);
            }
            catch (Exception e) when (IsTransient(e, cancel))
            {
                LogRetry("watching block affinities", e.Message, backoff.TotalMilliseconds);
                await Task.Delay(backoff, clock, cancel);
                backoff = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, backoff.Ticks * 2));
            }
        }
    }

    /// <summary>Replaces the affinity table with a fresh list; returns the list's resourceVersion.</summary>
    private async Task<string?> ListAffinitiesAsync(CancellationToken cancel)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(Names.CalicoGroup, Names.CalicoVersion, "blockaffinities",
            cancellationToken: cancel);
        lock (affinities)
        {
            affinities.Clear();
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                affinities[item.GetProperty("metadata").GetProperty("name").GetString() ?? ""] = Affinity(item);
            }
        }
        return list.GetProperty("metadata").TryGetProperty("resourceVersion", out var v) ? v.GetString() : null;
    }

    internal static BlockAffinity Affinity(JsonElement item)
    {
        var spec = item.TryGetProperty("spec", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        string Text(string key) => spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() ?? "" : "";
        return new BlockAffinity(Text("node"), Text("cidr"), Text("state"), Text("deleted") == "true");
    }

    private void Recompute()
    {
        if (current is null)
        {
            return;
        }
        NodeFacts? next;
        lock (affinities)
        {
            next = NodeFactsReader.From(current, affinities.Values.ToList(), cni, out _);
        }
        // Facts that vanish (a block released, the node not yet re-read) are not acted on: the
        // registration keeps the last good ones rather than leaving the mesh over a transient gap.
        if (next is null || (facts is not null && next.SameAs(facts)))
        {
            return;
        }
        facts = next;
        LogFacts(node, next);
        Changed?.Invoke(next);
    }

    private static bool IsTransient(Exception e, CancellationToken cancel) =>
        !cancel.IsCancellationRequested && e is HttpRequestException or k8s.Autorest.HttpOperationException or KubernetesException
            or IOException or JsonException or TaskCanceledException;

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "node {Node} from the Kubernetes API: {Facts}")]
    private partial void LogFacts(string node, NodeFacts facts);

    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "waiting: {Missing}")]
    private partial void LogWaiting(string missing);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "{What}: {Error}; again in {DelayMs} ms (the kernel stays as it is)")]
    private partial void LogRetry(string what, string error, double delayMs);
}
