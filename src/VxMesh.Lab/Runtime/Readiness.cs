using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using VxMesh.Core.Model;
using VxMesh.Core.Planning;
using VxMesh.Lab.Layout;

namespace VxMesh.Lab.Runtime;

/// <summary>
/// Waits, bounded, until the lab is usable: every node's kernel holds every route the planner
/// gives it (read back with `ip -j route show proto 118`, the agent's protocol, so it is the
/// kernel's word and not the agent's) and every pod's nginx answers its node. A timeout names
/// what is missing and shows the agent's log.
/// </summary>
public static class Readiness
{
    /// <summary>Both waits side by side; the first to fail stops the other, so a dead agent is reported at once.</summary>
    public static async Task WaitAsync(Core.Model.Inventory inventory, LabLayout layout, LabPaths paths, TimeSpan timeout, CancellationToken cancel)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var waits = new[]
        {
            StopOthersOnFailure(WaitForRoutesAsync(inventory, layout, paths, timeout, either.Token), either),
            StopOthersOnFailure(WaitForNginxAsync(layout, timeout, either.Token), either),
        };
        try
        {
            await Task.WhenAll(waits);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            // The other wait was stopped because one failed: report the failure, not the stop.
            var failure = waits.Select(w => w.Exception?.InnerException).OfType<LabException>().FirstOrDefault();
            if (failure is null)
            {
                throw;
            }
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private static async Task StopOthersOnFailure(Task wait, CancellationTokenSource others)
    {
        try
        {
            await wait;
        }
        catch (LabException)
        {
            await others.CancelAsync();
            throw;
        }
    }

    public static async Task WaitForRoutesAsync(Core.Model.Inventory inventory, LabLayout layout, LabPaths paths, TimeSpan timeout, CancellationToken cancel)
    {
        var pending = layout.Nodes.ToDictionary(n => n, n => Planner.Plan(inventory, n.Name).Routes.Select(r => r.Destination).ToHashSet());
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var missing = new Dictionary<NodeLayout, List<IPNetwork>>();
            await Parallel.ForEachAsync(pending.ToList(), cancel, async (entry, token) =>
            {
                var have = await KernelRoutesAsync(entry.Key.Namespace, token);
                var lacking = entry.Value.Where(d => !have.Contains(d)).OrderBy(d => d, AddressOrder.Instance).ToList();
                lock (missing)
                {
                    missing[entry.Key] = lacking;
                }
            });
            foreach (var (node, lacking) in missing.Where(m => m.Value.Count == 0))
            {
                pending.Remove(node);
            }
            if (pending.Count == 0)
            {
                return;
            }
            foreach (var node in pending.Keys.Where(n => AgentLauncher.HasExited(paths, n.Name)))
            {
                throw new LabException($"the agent of node {node.Name} exited ({paths.AgentLog(node.Name)}):\n{AgentLauncher.LogTail(paths, node.Name)}");
            }
            if (clock.Elapsed > timeout)
            {
                var shown = pending.Keys.First();
                var lines = pending.Keys.Select(n => $"  {n.Name}: missing {string.Join(", ", missing[n])}");
                throw new LabException(
                    $"timed out after {timeout.TotalSeconds:0} s waiting for the agents to program their routes:\n{string.Join("\n", lines)}\n" +
                    $"  agent log of {shown.Name} ({paths.AgentLog(shown.Name)}):\n{AgentLauncher.LogTail(paths, shown.Name)}");
            }
            await Task.Delay(Timeouts.Poll, cancel);
        }
    }

    public static async Task WaitForNginxAsync(LabLayout layout, TimeSpan timeout, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(layout.Pods, new ParallelOptions { MaxDegreeOfParallelism = Concurrency.Commands, CancellationToken = cancel },
            async (pod, token) =>
            {
                var node = layout.Node(pod.Node);
                string last = "";
                while (clock.Elapsed < timeout)
                {
                    var result = await ProcessRunner.RunAsync("ip",
                        Netns.Exec(node.Namespace, "curl", "-s", "--max-time", "1", $"http://{pod.Ip}/"), Timeouts.Command, token);
                    if (result.Ok && result.Stdout.StartsWith(NginxConfig.ExpectedPrefix(pod.Name), StringComparison.Ordinal))
                    {
                        return;
                    }
                    last = $"curl exit {result.ExitCode} {result.Stdout.Trim()}";
                    await Task.Delay(Timeouts.Poll, token);
                }
                throw new LabException($"timed out after {timeout.TotalSeconds:0} s waiting for nginx in pod {pod.Name} ({pod.Ip}) to answer node {node.Name}: {last}");
            });
    }

    /// <summary>Destinations of the routes with VxMesh's protocol in a namespace's main table.</summary>
    public static async Task<HashSet<IPNetwork>> KernelRoutesAsync(string ns, CancellationToken cancel)
    {
        var result = await ProcessRunner.RunCheckedAsync($"reading routes of {ns}", "ip",
            ["-n", ns, "-j", "route", "show", "proto", Ownership.RouteProtocol.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Timeouts.Command, cancel);
        var routes = string.IsNullOrWhiteSpace(result.Stdout) ? [] : JsonNode.Parse(result.Stdout)?.AsArray() ?? [];
        return routes.Select(r => r?["dst"]?.GetValue<string>()).OfType<string>()
            .Select(d => IPNetwork.Parse(d.Contains('/') ? d : d + "/32")).ToHashSet();
    }
}
