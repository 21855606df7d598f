using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Kubernetes.Config;
using VxMesh.Kubernetes.Controller;

namespace VxMesh.Kubernetes.Services;

/// <summary>
/// The controller's multi-cluster services (KEP-1645), level-based like the rest of the controller:
/// every pass (on a registry change, else every 2 s) compares and closes two gaps.
/// <list type="number">
/// <item>Export: this cluster's ServiceExports, their Services and ready Endpoints → one registry
/// key each (PREFIX service-exports/CLUSTER/NS/NAME) on this controller's lease, written only when
/// its bytes change; the exports' Valid and Conflict conditions, an Event on a conflict.</item>
/// <item>Import: every live cluster's exports → ServiceImports, derived Services and EndpointSlices
/// here (<see cref="ImportDerivation"/>, <see cref="DerivedObjects"/>), compared by content hash
/// with what exists (<see cref="ObjectDiff"/>); ours left over are deleted.</item>
/// </list>
/// Polling the exports every 2 s rather than watching Endpoints keeps the controller one loop; the
/// cost is a list of ServiceExports and two reads per export per pass. A readiness change reaches
/// every importing cluster within that period plus a watch hop through etcd.
/// </summary>
public sealed partial class ServiceSync(
    IKubernetes client, MeshConfig config, EtcdConnection etcd, RegistryKeys keys, string ns, ILogger logger, TimeProvider clock, ControllerMetrics metrics)
    : IDisposable
{
    public const string FieldManager = "vxmesh-controller";
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    /// <summary>Outlives a few missed renewals; an exporting cluster whose controller is gone leaves every import within it.</summary>
    private const long LeaseTtlSeconds = 20;

    private readonly LeasedKeys published = new(etcd, LeaseTtlSeconds);
    private readonly SemaphoreSlim wake = new(0);
    private readonly HashSet<string> unreadable = new(StringComparer.Ordinal);
    private string? sliceVersion;

    private string Own => config.Cluster.Name;

    public void Dispose() => wake.Dispose();

    public async Task RunAsync(EtcdInventorySource source, CancellationToken cancel)
    {
        var events = new MeshEvents(client, ns, clock);
        source.Changed += Wake;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                var started = clock.GetTimestamp();
                var outcome = "error";
                try
                {
                    outcome = await PassAsync(source, events, cancel) ? "ok" : "no_view";
                }
                catch (Exception e) when (!cancel.IsCancellationRequested)
                {
                    // Whatever one pass meets (the API, etcd, a timeout of its own, an object it cannot handle), the loop goes on:
                    // a pass that escaped here would stop every export and import of the cluster without a word.
                    LogRetry($"{e.GetType().Name}: {e.Message}");
                }
                metrics.Pass("services", outcome, clock.GetElapsedTime(started), clock.GetUtcNow());
                await wake.WaitAsync(Period, cancel);
                await Task.Delay(TimeSpan.FromMilliseconds(100), clock, cancel);
                while (wake.CurrentCount > 0)
                {
                    await wake.WaitAsync(cancel);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            source.Changed -= Wake;
        }
    }

    private void Wake() => wake.Release();

    /// <summary>One pass: this cluster's exports published, every import derived; false without a registry view.</summary>
    private async Task<bool> PassAsync(EtcdInventorySource source, MeshEvents events, CancellationToken cancel)
    {
        if (source.Contents() is not { } contents)
        {
            return false;
        }
        var fresh = await published.KeepAsync(cancel);
        var entries = contents.Entries.Where(e => keys.Classify(e.Key) == RegistryKeyKind.ServiceExport).ToList();
        var records = entries.Select(e => Decode(e)).OfType<ServiceExportRecord>().ToList();
        var mine = await ExportAsync(entries, records, fresh, events, cancel);
        var all = records.Where(r => r.Cluster != Own).Concat(mine).ToList();
        var imported = await ImportAsync(all, contents.Clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal), events, cancel);
        metrics.Services(mine.Count, imported);
        metrics.Problems("services", events.EndPass());
        return true;
    }

    /// <summary>A registry value decoded, or null (logged) when it is unreadable or not where its contents say.</summary>
    private ServiceExportRecord? Decode(RegistryEntry entry)
    {
        var record = RegistryJson.TryDecode<ServiceExportRecord>(entry.Value.Span, out var error);
        if (record is not null && keys.ServiceExport(record.Cluster, record.Namespace, record.Name) != entry.Key)
        {
            error = $"holds {record.Cluster}/{record.Service}, which belongs at {keys.ServiceExport(record.Cluster, record.Namespace, record.Name)}";
        }
        if (error is not null)
        {
            if (unreadable.Add(entry.Key + "\n" + error))
            {
                LogUnreadable(entry.Key, error);
            }
            return null;
        }
        return record;
    }

    /// <summary>Publishes this cluster's exports; returns them as published.</summary>
    private async Task<IReadOnlyList<ServiceExportRecord>> ExportAsync(
        IReadOnlyList<RegistryEntry> entries, IReadOnlyList<ServiceExportRecord> registry, bool fresh, MeshEvents events, CancellationToken cancel)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(DerivedObjects.Group, DerivedObjects.Version, DerivedObjects.ServiceExports, cancellationToken: cancel);
        var exports = new List<(JsonElement Item, string Ns, string Name, ExportOutcome Outcome)>();
        foreach (var item in list.GetProperty("items").EnumerateArray())
        {
            var meta = item.GetProperty("metadata");
            var exportNs = meta.GetProperty("namespace").GetString() ?? "";
            var name = meta.GetProperty("name").GetString() ?? "";
            if (meta.TryGetProperty("deletionTimestamp", out _))
            {
                continue;
            }
            var created = meta.TryGetProperty("creationTimestamp", out var c) && c.TryGetDateTimeOffset(out var t) ? t : clock.GetUtcNow();
            var service = await ReadOrNullAsync(() => client.CoreV1.ReadNamespacedServiceAsync(name, exportNs, cancellationToken: cancel));
            var endpoints = service is null ? null : await ReadOrNullAsync(() => client.CoreV1.ReadNamespacedEndpointsAsync(name, exportNs, cancellationToken: cancel));
            exports.Add((item, exportNs, name, ExportReader.Read(Own, exportNs, name, created, service, endpoints)));
        }
        var mine = exports.Where(e => e.Outcome.Valid).Select(e => e.Outcome.Record!).ToList();
        var ownPrefix = keys.ServiceExportsPrefix + Own + "/";
        var current = entries.Where(e => e.Key.StartsWith(ownPrefix, StringComparison.Ordinal)).ToDictionary(e => e.Key, StringComparer.Ordinal);
        foreach (var record in mine)
        {
            var key = keys.ServiceExport(Own, record.Namespace, record.Name);
            var value = RegistryJson.Encode(record);
            if (fresh || !current.TryGetValue(key, out var entry) || entry.Lease != published.Lease || !entry.Value.Span.SequenceEqual(value))
            {
                await published.PutAsync(key, value, cancel);
                LogPublished(record.Service, record.ReadyCount);
            }
        }
        foreach (var gone in current.Keys.Except(mine.Select(r => keys.ServiceExport(Own, r.Namespace, r.Name)), StringComparer.Ordinal))
        {
            await published.DeleteAsync(gone, cancel);
            LogUnpublished(gone);
        }
        foreach (var (item, exportNs, name, outcome) in exports)
        {
            string? conflict = null;
            if (outcome.Record is { } record)
            {
                var same = registry.Where(r => r.Cluster != Own && r.Namespace == exportNs && r.Name == name).Append(record).ToList();
                conflict = ImportDerivation.ConflictFor(record, same);
            }
            var target = new V1ObjectReference { Kind = "ServiceExport", ApiVersion = $"{DerivedObjects.Group}/{DerivedObjects.Version}", Name = name, NamespaceProperty = exportNs };
            if (conflict is not null)
            {
                await events.WarnAsync(target, "PortConflict", conflict, cancel);
            }
            else if (!outcome.Valid)
            {
                await events.WarnAsync(target, outcome.Reason!, outcome.Message!, cancel);
            }
            await ConditionsAsync(item, exportNs, name, outcome, conflict, cancel);
        }
        return mine;
    }

    private async Task ConditionsAsync(JsonElement item, string exportNs, string name, ExportOutcome outcome, string? conflict, CancellationToken cancel)
    {
        var current = ReadConditions(item);
        var next = ExportConditions.Next(current, outcome, conflict, clock.GetUtcNow());
        if (ExportConditions.Same(current, next))
        {
            return;
        }
        var patch = new
        {
            status = new
            {
                conditions = next.Select(c => new
                {
                    type = c.Type,
                    status = c.Status,
                    reason = c.Reason,
                    message = c.Message,
                    lastTransitionTime = c.LastTransitionTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                }),
            },
        };
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(JsonSerializer.Serialize(patch), V1Patch.PatchType.MergePatch),
            DerivedObjects.Group, DerivedObjects.Version, exportNs, DerivedObjects.ServiceExports, name, cancellationToken: cancel);
    }

    private static List<ExportCondition> ReadConditions(JsonElement item)
    {
        if (!item.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        static string Text(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
        return conditions.EnumerateArray().Select(c => new ExportCondition(Text(c, "type"), Text(c, "status"), Text(c, "reason"), Text(c, "message"),
            DateTimeOffset.TryParse(Text(c, "lastTransitionTime"), System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : default)).ToList();
    }

    private static async Task<T?> ReadOrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
