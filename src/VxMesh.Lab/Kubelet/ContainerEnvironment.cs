using System.Text;
using k8s;
using k8s.Models;

namespace VxMesh.Lab.Kubelet;

/// <summary>
/// A container's environment as the kubelet builds it: the service variables of the pod's
/// namespace (docker-link style, `KUBERNETES_SERVICE_HOST` among them, so in-cluster clients find
/// the API server), then envFrom, then env in order — values with $(VAR) references expanded
/// against what came before, fieldRefs from the pod, configMap and secret keys read from the API.
/// </summary>
public static class ContainerEnvironment
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static async Task<Dictionary<string, string>> BuildAsync(IKubernetes client, V1Pod pod, V1Container container, string toolsDirectory,
        string hostname, IReadOnlyDictionary<string, string> serviceEnv, string? podIp, string hostIp, CancellationToken cancel)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = $"{toolsDirectory}:{DefaultPath}",
            ["HOSTNAME"] = hostname,
            ["HOME"] = "/root",
        };
        foreach (var (key, value) in serviceEnv)
        {
            env[key] = value;
        }
        foreach (var source in container.EnvFrom ?? [])
        {
            IReadOnlyDictionary<string, string> data = source.ConfigMapRef is { } cm ? await ConfigMapAsync(client, ns, cm.Name, cm.Optional, cancel)
                : source.SecretRef is { } secret ? await SecretAsync(client, ns, secret.Name, secret.Optional, cancel)
                : new Dictionary<string, string>();
            foreach (var (key, value) in data)
            {
                env[(source.Prefix ?? "") + key] = value;
            }
        }
        foreach (var variable in container.Env ?? [])
        {
            env[variable.Name] = variable.ValueFrom is { } from
                ? await ValueFromAsync(client, pod, from, podIp, hostIp, cancel) ?? ""
                : Expand(variable.Value ?? "", env);
        }
        return env;
    }

    /// <summary>Kubernetes' $(VAR) expansion: a defined VAR is replaced, $$ is a literal $, anything else stays as written.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> env)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(')
            {
                var close = text.IndexOf(')', i + 2);
                if (close > 0 && env.TryGetValue(text[(i + 2)..close], out var value))
                {
                    result.Append(value);
                    i = close;
                    continue;
                }
            }
            result.Append(text[i]);
        }
        return result.ToString();
    }

    /// <summary>The docker-link variables of every service in the pod's namespace (and `kubernetes` from default), as the kubelet injects them.</summary>
    public static async Task<Dictionary<string, string>> ServiceVariablesAsync(IKubernetes client, V1Pod pod, CancellationToken cancel)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var services = new List<V1Service>();
        if (pod.Spec.EnableServiceLinks != false)
        {
            services.AddRange((await client.CoreV1.ListNamespacedServiceAsync(pod.Metadata.NamespaceProperty, cancellationToken: cancel)).Items);
        }
        if (pod.Metadata.NamespaceProperty != "default" || pod.Spec.EnableServiceLinks == false)
        {
            services.AddRange((await client.CoreV1.ListNamespacedServiceAsync("default", fieldSelector: "metadata.name=kubernetes", cancellationToken: cancel)).Items);
        }
        foreach (var service in services.Where(s => s.Spec.ClusterIP is { Length: > 0 } ip && ip != "None"))
        {
            var prefix = service.Metadata.Name.ToUpperInvariant().Replace('-', '_');
            var ip = service.Spec.ClusterIP;
            var first = service.Spec.Ports?.FirstOrDefault();
            result[$"{prefix}_SERVICE_HOST"] = ip;
            if (first is null)
            {
                continue;
            }
            result[$"{prefix}_SERVICE_PORT"] = Invariant(first.Port);
            foreach (var port in service.Spec.Ports!)
            {
                var protocol = (port.Protocol ?? "TCP").ToLowerInvariant();
                var key = $"{prefix}_PORT_{Invariant(port.Port)}_{protocol.ToUpperInvariant()}";
                if (port.Name is { Length: > 0 } name)
                {
                    result[$"{prefix}_SERVICE_PORT_{name.ToUpperInvariant().Replace('-', '_')}"] = Invariant(port.Port);
                }
                result[key] = $"{protocol}://{ip}:{Invariant(port.Port)}";
                result[key + "_PROTO"] = protocol;
                result[key + "_PORT"] = Invariant(port.Port);
                result[key + "_ADDR"] = ip;
            }
            result[$"{prefix}_PORT"] = $"{(first.Protocol ?? "TCP").ToLowerInvariant()}://{ip}:{Invariant(first.Port)}";
        }
        return result;
    }

    private static async Task<string?> ValueFromAsync(IKubernetes client, V1Pod pod, V1EnvVarSource from, string? podIp, string hostIp, CancellationToken cancel)
    {
        var ns = pod.Metadata.NamespaceProperty;
        if (from.FieldRef is { } field)
        {
            return field.FieldPath switch
            {
                "metadata.name" => pod.Metadata.Name,
                "metadata.namespace" => ns,
                "metadata.uid" => pod.Metadata.Uid,
                "spec.nodeName" => pod.Spec.NodeName,
                "spec.serviceAccountName" => pod.Spec.ServiceAccountName,
                "status.podIP" or "status.podIPs" => podIp,
                "status.hostIP" => hostIp,
                var path when path.StartsWith("metadata.labels['", StringComparison.Ordinal) => Lookup(pod.Metadata.Labels, path),
                var path when path.StartsWith("metadata.annotations['", StringComparison.Ordinal) => Lookup(pod.Metadata.Annotations, path),
                _ => null,
            };
        }
        if (from.ConfigMapKeyRef is { } cmKey)
        {
            return (await ConfigMapAsync(client, ns, cmKey.Name, cmKey.Optional, cancel)).GetValueOrDefault(cmKey.Key)
                ?? (cmKey.Optional == true ? null : throw new ContainerConfigException($"configmap {cmKey.Name} has no key {cmKey.Key}"));
        }
        if (from.SecretKeyRef is { } secretKey)
        {
            return (await SecretAsync(client, ns, secretKey.Name, secretKey.Optional, cancel)).GetValueOrDefault(secretKey.Key)
                ?? (secretKey.Optional == true ? null : throw new ContainerConfigException($"secret {secretKey.Name} has no key {secretKey.Key}"));
        }
        return null;
    }

    public static async Task<IReadOnlyDictionary<string, string>> ConfigMapAsync(IKubernetes client, string ns, string name, bool? optional, CancellationToken cancel)
    {
        try
        {
            var map = await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: cancel);
            return new Dictionary<string, string>((map.Data ?? new Dictionary<string, string>())
                .Concat((map.BinaryData ?? new Dictionary<string, byte[]>()).Select(kv => KeyValuePair.Create(kv.Key, Encoding.UTF8.GetString(kv.Value)))),
                StringComparer.Ordinal);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return optional == true ? new Dictionary<string, string>() : throw new ContainerConfigException($"configmap \"{name}\" not found");
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            throw NotYetAuthorized("configmap", name);
        }
    }

    public static async Task<IReadOnlyDictionary<string, string>> SecretAsync(IKubernetes client, string ns, string name, bool? optional, CancellationToken cancel)
    {
        try
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancel);
            return (secret.Data ?? new Dictionary<string, byte[]>()).ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(kv.Value), StringComparer.Ordinal);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return optional == true ? new Dictionary<string, string>() : throw new ContainerConfigException($"secret \"{name}\" not found");
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            throw NotYetAuthorized("secret", name);
        }
    }

    /// <summary>
    /// The node authorizer lets a node read a secret or configMap only once its graph links them through a pod bound
    /// to the node; the graph follows the API server's watch, so a freshly scheduled pod can be refused for a moment.
    /// A real kubelet's volume manager retries; so do we (ContainerConfigException is retried until the pod goes).
    /// </summary>
    private static ContainerConfigException NotYetAuthorized(string kind, string name) =>
        new($"{kind} \"{name}\" not yet readable by this node (node authorizer); retrying");

    /// <summary>metadata.labels['app'] → the label app.</summary>
    private static string? Lookup(IDictionary<string, string>? map, string path)
    {
        var open = path.IndexOf("['", StringComparison.Ordinal) + 2;
        var close = path.LastIndexOf("']", StringComparison.Ordinal);
        return close > open && map is not null && map.TryGetValue(path[open..close], out var value) ? value : null;
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A container cannot be started as specified (a missing configMap or key): CreateContainerConfigError, retried.</summary>
public sealed class ContainerConfigException(string message) : Exception(message);
