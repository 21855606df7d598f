using System.Text;
using VxMesh.Core.Model;
using VxMesh.Core.Security;
using VxMesh.Lab.Registry;
using VxMesh.Lab.Runtime;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// `lab up --kubernetes --install`: VxMesh installed into every lab cluster the way a user installs
/// it — the cluster's registry credential as the Secret vxmesh-etcd (the certificate `vxmesh registry
/// auth` issued for that cluster), the cluster's vxmesh-config written for it, and every other file
/// of deploy/manifests applied with kubectl as it is in the checkout. The DaemonSet's pods then run
/// through the lab's node agent on every node, the controller through it on one.
/// </summary>
public sealed class MeshInstall(Kubectl kubectl, string manifests)
{
    public const string ConfigFile = "10-config.yaml";

    /// <summary>deploy/manifests above the running build (.build/cli, a test's bin directory).</summary>
    public static string FindManifests() =>
        KubernetesBinaries.FindRepoDirectory(Path.Combine("deploy", "manifests"))
        ?? throw new LabException($"cannot find deploy/manifests above {AppContext.BaseDirectory} (run vxmesh from its checkout)");

    public async Task InstallAsync(Inventory inventory, string cluster, LabRegistryState registry, LabPki pki, CancellationToken cancel)
    {
        var files = Directory.GetFiles(manifests, "*.yaml").Order(StringComparer.Ordinal).ToList();
        // The namespace first: the Secret and the ConfigMap go into it.
        await kubectl.ApplyAsync($"{files[0]} in cluster {cluster}", cluster, await File.ReadAllTextAsync(files[0], cancel), cancel);
        var user = RegistryUserNames.Cluster(cluster);
        var secret = await kubectl.RunCheckedAsync($"the registry credential of cluster {cluster}", cluster,
            ["-n", "vxmesh-system", "create", "secret", "generic", "vxmesh-etcd", "--dry-run=client", "-o", "yaml",
             $"--from-file=ca.crt={pki.CaCert}", $"--from-file=tls.crt={pki.Cert(user)}", $"--from-file=tls.key={pki.Key(user)}"], cancel);
        await kubectl.ApplyAsync($"the Secret vxmesh-etcd in cluster {cluster}", cluster, secret.Stdout, cancel);
        await kubectl.ApplyAsync($"vxmesh-config in cluster {cluster}", cluster, Config(inventory, cluster, registry.ClientUrl), cancel);
        foreach (var file in files.Skip(1).Where(f => Path.GetFileName(f) != ConfigFile))
        {
            await kubectl.ApplyAsync($"{Path.GetFileName(file)} in cluster {cluster}", cluster, await File.ReadAllTextAsync(file, cancel), cancel);
        }
    }

    /// <summary>The ConfigMap a user writes from 10-config.yaml for this cluster: the mesh's settings and this one cluster.</summary>
    public static string Config(Inventory inventory, string cluster, string etcdUrl)
    {
        var mesh = inventory.Mesh;
        var own = inventory.FindCluster(cluster) ?? throw new LabException($"no cluster {cluster} in the lab's inventory");
        var yaml = new StringBuilder()
            .Append("mesh:\n")
            .Append($"  vni: {mesh.Vni}\n  port: {mesh.Port}\n  device: {mesh.Device}\n")
            .Append(mesh.VtepCidr is { } vtep ? $"  vtepCidr: {vtep}\n" : "")
            .Append(mesh.Mtu is { } mtu ? $"  mtu: {mtu}\n" : "")
            .Append($"  backend: {mesh.Backend.ToString().ToLowerInvariant().Replace("hostgw", "host-gw", StringComparison.Ordinal)}\n")
            .Append("clusters:\n")
            .Append($"  - name: {own.Name}\n    cni: {own.Cni.ToString().ToLowerInvariant()}\n")
            .Append($"    podCidrs: [{string.Join(", ", own.PodCidrs)}]\n    serviceCidrs: [{string.Join(", ", own.ServiceCidrs)}]\n");
        var indented = string.Concat(yaml.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "    " + l + "\n"));
        return $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: vxmesh-config
              namespace: vxmesh-system
              labels:
                app.kubernetes.io/name: vxmesh
            data:
              etcd: {etcdUrl}
              mesh.yaml: |
            {indented}
            """;
    }
}
