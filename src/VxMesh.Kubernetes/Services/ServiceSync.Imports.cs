using System.Text.Json;
using k8s;
using k8s.Models;
using VxMesh.Kubernetes.Controller;

namespace VxMesh.Kubernetes.Services;

public sealed partial class ServiceSync
{
    private const string SliceGroup = "discovery.k8s.io";
    private static readonly string Ours = $"{Names.ManagedBy}={Names.ManagedByValue},{DerivedObjects.ServiceNameLabel}";

    /// <summary>Makes this cluster's ServiceImports, derived Services and EndpointSlices those <paramref name="records"/> call for; returns the imports held.</summary>
    private async Task<int> ImportAsync(IReadOnlyList<ServiceExportRecord> records, IReadOnlySet<string> live, MeshEvents events, CancellationToken cancel)
    {
        sliceVersion ??= await SliceVersionAsync(cancel);
        // A namespace being deleted refuses new objects (403 NamespaceTerminating): it imports nothing, and holds up no other import.
        var namespaces = (await client.CoreV1.ListNamespaceAsync(cancellationToken: cancel)).Items
            .Where(n => n.Status?.Phase != "Terminating").Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var imports = ImportDerivation.Derive(records, live).Where(i => namespaces.Contains(i.Namespace)).ToList();

        var services = (await client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: Ours, cancellationToken: cancel)).Items
            .ToDictionary(s => $"{s.Metadata.NamespaceProperty}/{s.Metadata.Name}", StringComparer.Ordinal);
        var serviceBodies = imports.ToDictionary(i => i.Service, DerivedObjects.Service, StringComparer.Ordinal);
        var serviceChanges = ObjectDiff.Diff(serviceBodies.Values.ToDictionary(b => b.Key, b => b.Hash, StringComparer.Ordinal),
            services.ToDictionary(s => s.Key, s => Hash(s.Value.Metadata), StringComparer.Ordinal));
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (service, body) in serviceBodies.Where(b => serviceChanges.Apply.Contains(b.Value.Key)))
        {
            if (!services.ContainsKey(body.Key) && await ReadOrNullAsync(() => client.CoreV1.ReadNamespacedServiceAsync(body.Name, body.Namespace, cancellationToken: cancel)) is not null)
            {
                // A Service of that name that is not ours: never taken over.
                blocked.Add(service);
                await events.WarnAsync(new V1ObjectReference { Kind = "Service", ApiVersion = "v1", Name = body.Name, NamespaceProperty = body.Namespace }, "NameTaken",
                    $"Service {body.Key} exists without VxMesh's label, so the import of {service} has no derived Service: rename or delete it", cancel);
                continue;
            }
            if (!await WriteAsync("Service", body, async () => services[body.Key] = await client.CoreV1.PatchNamespacedServiceAsync(Apply(body), body.Name, body.Namespace,
                fieldManager: FieldManager, force: true, cancellationToken: cancel), events, cancel))
            {
                blocked.Add(service);
            }
        }
        imports = imports.Where(i => !blocked.Contains(i.Service)).ToList();

        var sliceBodies = imports.SelectMany(i => i.Slices.Select(s => DerivedObjects.Slice(i, s, $"{SliceGroup}/{sliceVersion}"))).ToList();
        var slices = await ListOursAsync(SliceGroup, sliceVersion, "endpointslices", cancel);
        var sliceChanges = ObjectDiff.Diff(sliceBodies.ToDictionary(b => b.Key, b => b.Hash, StringComparer.Ordinal), slices);
        foreach (var body in sliceBodies.Where(b => sliceChanges.Apply.Contains(b.Key)))
        {
            await WriteAsync("EndpointSlice", body, () => ApplyCustomAsync(SliceGroup, sliceVersion, "endpointslices", body, cancel), events, cancel);
        }

        var importBodies = imports.Select(i => DerivedObjects.Import(i,
            services.TryGetValue($"{i.Namespace}/{DerivedObjects.ServiceName(i.Name)}", out var s) ? s.Spec?.ClusterIP : null)).ToList();
        var existingImports = await ListOursAsync(DerivedObjects.Group, DerivedObjects.Version, DerivedObjects.ServiceImports, cancel);
        var importChanges = ObjectDiff.Diff(importBodies.ToDictionary(b => b.Key, b => b.Hash, StringComparer.Ordinal), existingImports);
        foreach (var body in importBodies.Where(b => importChanges.Apply.Contains(b.Key)))
        {
            await WriteAsync("ServiceImport", body, () => ApplyCustomAsync(DerivedObjects.Group, DerivedObjects.Version, DerivedObjects.ServiceImports, body, cancel), events, cancel);
        }

        foreach (var key in importChanges.Delete)
        {
            await DeleteCustomAsync(DerivedObjects.Group, DerivedObjects.Version, DerivedObjects.ServiceImports, key, cancel);
            Deleted("ServiceImport", key);
        }
        foreach (var key in sliceChanges.Delete)
        {
            await DeleteCustomAsync(SliceGroup, sliceVersion, "endpointslices", key, cancel);
            Deleted("EndpointSlice", key);
        }
        foreach (var key in serviceChanges.Delete)
        {
            var (serviceNs, name) = Split(key);
            await IgnoreNotFoundAsync(() => client.CoreV1.DeleteNamespacedServiceAsync(name, serviceNs, cancellationToken: cancel));
            Deleted("Service", key);
        }
        return imports.Count;
    }

    /// <summary>
    /// Writes one derived object. One the API refuses (invalid, forbidden, conflicting) is logged, counted and reported
    /// as a Warning Event, and the pass goes on: one bad import must not hold up every other one of the cluster.
    /// </summary>
    private async Task<bool> WriteAsync(string kind, DerivedBody body, Func<Task> write, MeshEvents events, CancellationToken cancel)
    {
        try
        {
            await write();
            LogApplied(kind, body.Key);
            metrics.Wrote(kind, "apply");
            return true;
        }
        catch (k8s.Autorest.HttpOperationException e) when ((int)e.Response.StatusCode is 400 or 403 or 409 or 422)
        {
            var why = e.Response.Content is { Length: > 0 } content ? content.Length > 500 ? content[..500] + "…" : content : e.Message;
            LogRefused(kind, body.Key, why);
            metrics.Wrote(kind, "refused");
            await events.WarnAsync(new V1ObjectReference { Kind = kind, ApiVersion = (string?)body.Body["apiVersion"], Name = body.Name, NamespaceProperty = body.Namespace },
                "ImportRefused", $"the API refused {kind} {body.Key}: {why}", cancel);
            return false;
        }
    }

    private void Deleted(string kind, string key)
    {
        LogDeleted(kind, key);
        metrics.Wrote(kind, "delete");
    }

    /// <summary>discovery.k8s.io/v1 where served (Kubernetes 1.21+), else v1beta1 (the lab's 1.20).</summary>
    private async Task<string> SliceVersionAsync(CancellationToken cancel)
    {
        try
        {
            await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(SliceGroup, "v1", "endpointslices", limit: 1, cancellationToken: cancel);
            return "v1";
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return "v1beta1";
        }
    }

    private async Task<Dictionary<string, string?>> ListOursAsync(string group, string version, string plural, CancellationToken cancel)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(group, version, plural, labelSelector: Ours, cancellationToken: cancel);
        return list.GetProperty("items").EnumerateArray().ToDictionary(i =>
        {
            var meta = i.GetProperty("metadata");
            return $"{meta.GetProperty("namespace").GetString()}/{meta.GetProperty("name").GetString()}";
        }, i => i.GetProperty("metadata").TryGetProperty("annotations", out var a) && a.TryGetProperty(DerivedObjects.HashAnnotation, out var h) ? h.GetString() : null,
        StringComparer.Ordinal);
    }

    private async Task ApplyCustomAsync(string group, string version, string plural, DerivedBody body, CancellationToken cancel) =>
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(Apply(body), group, version, body.Namespace, plural, body.Name,
            fieldManager: FieldManager, force: true, cancellationToken: cancel);

    private Task DeleteCustomAsync(string group, string version, string plural, string key, CancellationToken cancel)
    {
        var (objectNs, name) = Split(key);
        return IgnoreNotFoundAsync(() => client.CustomObjects.DeleteNamespacedCustomObjectAsync(group, version, objectNs, plural, name, cancellationToken: cancel));
    }

    private static V1Patch Apply(DerivedBody body) => new(JsonSerializer.Serialize(body.Body), V1Patch.PatchType.ApplyPatch);

    private static string? Hash(V1ObjectMeta meta) => meta.Annotations is { } a && a.TryGetValue(DerivedObjects.HashAnnotation, out var h) ? h : null;

    private static (string Ns, string Name) Split(string key) => (key[..key.IndexOf('/', StringComparison.Ordinal)], key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..]);

    private static async Task IgnoreNotFoundAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
    }
}
