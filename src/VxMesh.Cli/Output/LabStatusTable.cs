using Spectre.Console;
using VxMesh.Lab.Runtime;

namespace VxMesh.Cli.Output;

/// <summary>The human view of `lab status`: clusters, nodes, pods.</summary>
public static class LabStatusTable
{
    public static void Write(LabStatusReport report)
    {
        var color = report.State switch { "up" => "green", "degraded" => "yellow", _ => "red" };
        AnsiConsole.MarkupLine($"lab [bold]{report.Lab}[/]: [{color}]{report.State}[/]" +
            (report.Source is null ? "" : $" (from {Markup.Escape(report.Source)}, ippools {(report.Ippools == true ? "on" : "off")})"));
        if (report.State is "absent" or "leftover")
        {
            if (report.Namespaces.Count > 0)
            {
                AnsiConsole.MarkupLine($"  {report.Namespaces.Count} namespaces left: run [bold]vxmesh lab down --name {report.Lab}[/]");
            }
            return;
        }
        if (report.Registry is { Mode: "etcd" } registry)
        {
            var etcd = registry.EtcdPid is { } etcdPid ? $"[green]running[/] (pid {etcdPid})" : "[red]stopped[/]";
            AnsiConsole.MarkupLine($"registry: etcd at {Markup.Escape(registry.Url ?? "")}, {etcd}; agents register with a {registry.LeaseTtlSeconds} s lease");
            if (registry.Auth is not null)
            {
                AnsiConsole.MarkupLine($"  TLS from the lab CA {Markup.Escape(registry.Ca ?? "")}, client certificates, auth on: each cluster's agents write only its node keys");
                AnsiConsole.MarkupLine($"  admin: {Markup.Escape(registry.Admin?.Certificate ?? "")} (+ .key); clusters: {Markup.Escape(string.Join(", ", (registry.Clusters ?? []).Select(c => Path.GetFileName(c.Certificate))))}");
            }
        }
        else if (report.Registry is not null)
        {
            AnsiConsole.MarkupLine("registry: file (agents read the lab's inventory.yaml)");
        }
        var clusters = new Table().Border(TableBorder.Rounded).AddColumns("cluster", "cni", "nodes", "pods");
        foreach (var c in report.Clusters)
        {
            clusters.AddRow(Markup.Escape(c.Name), c.Cni.ToString().ToLowerInvariant(), $"{c.Nodes}", $"{c.Pods}");
        }
        AnsiConsole.Write(clusters);

        var nodes = new Table().Border(TableBorder.Rounded).AddColumns("node", "cluster", "underlay", "segment", "vxlan addr", "agent");
        foreach (var n in report.Nodes)
        {
            var agent = n.AgentPid is { } pid ? $"[green]running[/] (pid {pid})" : "[red]dead[/]";
            nodes.AddRow(Markup.Escape(n.Name), Markup.Escape(n.Cluster), n.Ip.ToString(), Markup.Escape(n.Segment), n.VxlanAddress.ToString(), agent);
        }
        AnsiConsole.Write(nodes);

        var pods = new Table().Border(TableBorder.Rounded).AddColumns("pod", "node", "cluster", "ip", "nginx");
        foreach (var p in report.Pods)
        {
            pods.AddRow(Markup.Escape(p.Name), Markup.Escape(p.Node), Markup.Escape(p.Cluster), p.Ip.ToString(),
                p.NginxPid is { } pid ? $"[green]running[/] (pid {pid})" : "[red]dead[/]");
        }
        AnsiConsole.Write(pods);
        if (report.Kubernetes is { } k8s)
        {
            WriteKubernetes(report.Lab, k8s);
        }
    }

    private static void WriteKubernetes(string lab, VxMesh.Lab.Kubernetes.KubernetesStatusReport k8s)
    {
        static string State(string s) => s == "running" ? "[green]running[/]" : "[red]dead[/]";
        AnsiConsole.MarkupLine($"Kubernetes: control planes in namespace {k8s.Namespace}, shared etcd {State(k8s.Etcd)}; " +
            $"client namespace {k8s.ClientNamespace}");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("cluster", "API server", "apiserver / controller-manager / scheduler", "nodes Ready", "admin kubeconfig");
        foreach (var c in k8s.Clusters)
        {
            var nodes = $"{c.ReadyNodes.Count}/{c.ReadyNodes.Count + c.NotReadyNodes.Count}" +
                (c.NotReadyNodes.Count > 0 ? $" [red](not: {Markup.Escape(string.Join(", ", c.NotReadyNodes))})[/]" : "");
            table.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Server), string.Join(" / ", c.Components.Values.Select(State)), nodes, Markup.Escape(c.Kubeconfig));
        }
        AnsiConsole.Write(table);
        var dead = k8s.Nodes.SelectMany(n => n.Value.Where(v => v.Value != "running").Select(v => $"{v.Key} on {n.Key}")).ToList();
        AnsiConsole.MarkupLine(dead.Count == 0 ? "kube-proxy and the node agent run on every node" : $"[red]not running: {Markup.Escape(string.Join(", ", dead))}[/]");
        AnsiConsole.MarkupLine($"  kubectl: vxmesh lab kubectl {lab} {Markup.Escape(k8s.Clusters[0].Name)} -- get nodes -o wide");
    }
}
