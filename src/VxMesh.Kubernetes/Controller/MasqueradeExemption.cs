using System.Net;
using System.Text;
using k8s;
using k8s.Models;

namespace VxMesh.Kubernetes.Controller;

/// <summary>
/// What a flannel cluster needs instead of IPPools: flannel's own masquerade rule exempts only its
/// network, so such clusters run flannel without --ip-masq and leave masquerading to
/// ip-masq-agent, whose ConfigMap (kube-system/ip-masq-agent) lists what must not be masqueraded:
/// the cluster's own pods and every other cluster's pod and service CIDRs. VxMesh writes that
/// ConfigMap when it is absent or already VxMesh's; one someone else wrote is reported, not touched.
/// </summary>
public sealed class MasqueradeExemption(IKubernetes client)
{
    public const string Namespace = "kube-system";
    public const string Name = "ip-masq-agent";

    /// <summary>ip-masq-agent's config format.</summary>
    public static string Config(IEnumerable<IPNetwork> exempt)
    {
        var text = new StringBuilder("nonMasqueradeCIDRs:\n");
        foreach (var cidr in exempt)
        {
            text.Append("  - ").Append(cidr).Append('\n');
        }
        return text.Append("masqLinkLocal: false\nresyncInterval: 60s\n").ToString();
    }

    /// <summary>Writes it; false when a ConfigMap of that name is not VxMesh's (then nothing is written).</summary>
    public async Task<bool> ApplyAsync(IEnumerable<IPNetwork> exempt, CancellationToken cancel)
    {
        var config = Config(exempt);
        V1ConfigMap? current = null;
        try
        {
            current = await client.CoreV1.ReadNamespacedConfigMapAsync(Name, Namespace, cancellationToken: cancel);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
        var body = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace, Labels = new Dictionary<string, string> { [Names.ManagedBy] = Names.ManagedByValue } },
            Data = new Dictionary<string, string> { ["config"] = config },
        };
        if (current is null)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(body, Namespace, cancellationToken: cancel);
            return true;
        }
        if ((current.Metadata.Labels is { } labels && labels.TryGetValue(Names.ManagedBy, out var by) ? by : null) != Names.ManagedByValue)
        {
            return false;
        }
        if ((current.Data is { } data && data.TryGetValue("config", out var have) ? have : null) != config)
        {
            await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(new V1ConfigMap { Data = body.Data }, V1Patch.PatchType.MergePatch), Name, Namespace,
                cancellationToken: cancel);
        }
        return true;
    }
}
