using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace VxMesh.Kubernetes.Tests;

/// <summary>
/// The Helm chart and the plain manifests are two ways to install the same objects: rendered with
/// ci/manifests-values.yaml, the chart must give exactly deploy/manifests, object by object and
/// field by field (formatting and comments aside; the ConfigMap's mesh.yaml compared as YAML too).
/// </summary>
public class HelmChartTests
{
    private static readonly string Repo = VxMesh.Tests.Shared.Repo.Root;
    private static readonly string Chart = Path.Combine(Repo, "deploy", "helm", "vxmesh");

    [Fact]
    public void Chart_RenderedWithTheManifestsValues_EqualsThePlainManifests()
    {
        var (code, output, error) = Render("-f", Path.Combine(Chart, "ci", "manifests-values.yaml"), "--include-crds", Chart);
        Assert.True(code == 0, error);

        var rendered = Objects(output);
        var plain = Objects(string.Join("\n---\n", Directory.GetFiles(Path.Combine(Repo, "deploy", "manifests"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText)));

        Assert.Equal(plain.Keys.Order(StringComparer.Ordinal), rendered.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, want) in plain)
        {
            var differences = new List<string>();
            Compare(want, rendered[key], key, differences);
            Assert.True(differences.Count == 0, $"chart and deploy/manifests differ:\n{string.Join("\n", differences)}");
        }
    }

    [Fact]
    public void Chart_Values_ReachTheObjects()
    {
        var (code, output, error) = Render("-f", Path.Combine(Chart, "ci", "manifests-values.yaml"),
            "--set", "mesh.vni=42", "--set", "agent.healthPort=9999", "--set", "image.tag=0.2.0", "--set", "etcd.tlsSecret=my-etcd", "--set", "namespace.create=false", "--namespace", "mesh", Chart);
        Assert.True(code == 0, error);

        var objects = Objects(output);
        var config = (YamlMappingNode)objects["ConfigMap mesh/vxmesh-config"];
        var mesh = Parse(((YamlScalarNode)((YamlMappingNode)config["data"])["mesh.yaml"]).Value!);
        Assert.Equal("42", ((YamlScalarNode)((YamlMappingNode)mesh["mesh"])["vni"]).Value);
        var agent = objects["DaemonSet mesh/vxmesh-agent"].ToString();
        Assert.Contains("0.0.0.0:9999", agent, StringComparison.Ordinal);
        Assert.Contains("ghcr.io/vxmesh/vxmesh:0.2.0", agent, StringComparison.Ordinal);
        Assert.Contains("my-etcd", agent, StringComparison.Ordinal);
        Assert.DoesNotContain("Namespace /mesh", objects.Keys);
        var subject = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)objects["ClusterRoleBinding /vxmesh-agent"])["subjects"])[0];
        Assert.Equal("mesh", ((YamlScalarNode)subject["namespace"]).Value);
    }

    [Fact]
    public void Chart_WithoutClusterIdentity_RefusesNamingTheValue()
    {
        var (code, _, error) = Render("--set", "etcd.endpoints=https://192.0.2.10:2379", Chart);

        Assert.Equal(2, code);
        Assert.Contains("cluster.name is required", error, StringComparison.Ordinal);
    }

    private static Dictionary<string, YamlNode> Objects(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var objects = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root)
            {
                continue; // a document holding only comments
            }
            var metadata = (YamlMappingNode)root["metadata"];
            var ns = metadata.Children.TryGetValue("namespace", out var n) ? ((YamlScalarNode)n).Value : "";
            objects.Add($"{((YamlScalarNode)root["kind"]).Value} {ns}/{((YamlScalarNode)metadata["name"]).Value}", root);
        }
        return objects;
    }

    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static void Compare(YamlNode want, YamlNode got, string path, List<string> differences)
    {
        switch (want, got)
        {
            case (YamlMappingNode w, YamlMappingNode g):
                var keys = w.Children.Keys.Concat(g.Children.Keys).Select(k => ((YamlScalarNode)k).Value!).Distinct().Order(StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    var inWant = w.Children.TryGetValue(key, out var wv);
                    var inGot = g.Children.TryGetValue(key, out var gv);
                    if (!inWant || !inGot)
                    {
                        differences.Add($"{path}.{key}: only in {(inWant ? "deploy/manifests" : "the chart")}");
                    }
                    else if (key == Names.MeshKey && wv is YamlScalarNode ws && gv is YamlScalarNode gs)
                    {
                        Compare(Parse(ws.Value!), Parse(gs.Value!), $"{path}.{key}", differences);
                    }
                    else
                    {
                        Compare(wv!, gv!, $"{path}.{key}", differences);
                    }
                }
                break;
            case (YamlSequenceNode w, YamlSequenceNode g):
                if (w.Children.Count != g.Children.Count)
                {
                    differences.Add($"{path}: {w.Children.Count} items in deploy/manifests, {g.Children.Count} in the chart");
                    break;
                }
                for (var i = 0; i < w.Children.Count; i++)
                {
                    Compare(w.Children[i], g.Children[i], $"{path}[{i}]", differences);
                }
                break;
            case (YamlScalarNode w, YamlScalarNode g):
                if (w.Value != g.Value)
                {
                    differences.Add($"{path}: '{w.Value}' in deploy/manifests, '{g.Value}' in the chart");
                }
                break;
            default:
                differences.Add($"{path}: a {want.NodeType} in deploy/manifests, a {got.NodeType} in the chart");
                break;
        }
    }

    private static (int Code, string Output, string Error) Render(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(Repo, "scripts", "helm-template.sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("scripts/helm-template.sh did not finish in 5 minutes");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
