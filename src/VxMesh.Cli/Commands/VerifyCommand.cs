using System.CommandLine;
using VxMesh.Cli.Common;
using VxMesh.Cli.Output;
using VxMesh.Core.Rendering;
using VxMesh.Lab.Kubernetes;
using VxMesh.Lab.Runtime;
using VxMesh.Lab.Verify;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh verify`: prove a lab's reachability and source preservation with real HTTP requests.</summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var lab = new Option<string?>("--lab") { Description = $"The lab to verify (default: {LabInput.DefaultLab})" };
        var output = CommonOptions.Output();
        var services = new Option<bool>("--services")
        {
            Description = "Kubernetes labs: instead of pod pairs, curl every imported service (ServiceImport) by its derived\n" +
                "ClusterIP from a client pod of every cluster holding it, and a ClusterIP of every other cluster over the\n" +
                "mesh (verify's own vxmesh-verify/web); passes when every import answered from an exporting cluster with the\n" +
                "client pod's own IP, and every remote ClusterIP answered every flow, translated by more than one node of\n" +
                "its cluster when the client's node spreads it over ≥2 (docs/services.md)",
        };
        var requests = new Option<int>("--requests") { Description = "With --services: requests per client and imported service (default 12)", DefaultValueFactory = _ => 12 };
        var flows = new Option<int>("--flows")
        {
            Description = $"With --services: flows per client and remote ClusterIP (default 30; below {RemoteClusterIpCheck.MinFlowsForSpread} the spread is reported, not required)",
            DefaultValueFactory = _ => 30,
        };
        var command = new Command("verify",
            "curl from every pod to every pod on another node, timed as seeds/004 does (time_connect,\n" +
            "time_starttransfer, time_total). A pair is ok when the intended nginx answers; its source is\n" +
            "preserved when that nginx saw the client pod's own address. Passes when every pair is ok and the\n" +
            "source is preserved within each cluster and, with lab.ippools true, across clusters too.\n" +
            "Exit 0 when it passes, 1 when it does not.\n\n" +
            "Examples: vxmesh verify --lab seed -o json\n" +
            "          vxmesh verify --lab seed --services")
        {
            lab, output, services, requests, flows,
        };
        command.SetAction((parse, cancel) => LabInput.RunAsync(async () =>
        {
            RootCheck.Require("verify");
            var state = LabInput.RequireState(LabInput.RequireName(parse.GetValue(lab)));
            if (parse.GetValue(services))
            {
                return await ServicesAsync(state, parse.GetValue(requests), parse.GetValue(flows), parse.GetValue(output) == "json", cancel);
            }
            var report = await Verifier.RunAsync(state, cancel);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(ToJson(report)));
            }
            else
            {
                VerifyTable.Write(report);
            }
            return report.Ok ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }

    private static async Task<int> ServicesAsync(LabState state, int requests, int flows, bool json, CancellationToken cancel)
    {
        if (state.Kubernetes is null)
        {
            throw new UsageException($"lab {state.Lab} has no Kubernetes: --services needs a lab brought up with --kubernetes --install");
        }
        if (requests is < 1 or > 1000)
        {
            throw new UsageException($"--requests {requests}: give 1 to 1000");
        }
        if (flows is < 1 or > 1000)
        {
            throw new UsageException($"--flows {flows}: give 1 to 1000");
        }
        var report = await ServicesCheck.RunAsync(state, requests, flows, json ? new SilentLabLog() : new LabConsoleLog(), cancel);
        if (json)
        {
            Console.WriteLine(JsonFormat.Serialize(ToJson(report)));
        }
        else
        {
            ServicesTable.Write(report);
        }
        return report.Ok ? ExitCodes.Ok : ExitCodes.Failure;
    }

    internal static object ToJson(ServicesReport report) => new
    {
        ok = report.Ok,
        services = report.Services.Select(s => new
        {
            fromCluster = s.FromCluster,
            fromPod = s.FromPod,
            fromIp = s.FromIp,
            service = s.Service,
            clusterIp = s.ClusterIp,
            port = s.Port,
            exporters = s.Exporters,
            requests = s.Requests,
            answered = s.Answers.Count,
            backends = s.Backends,
            clientsSeen = s.Answers.Select(a => a.Client).Distinct().ToList(),
            ok = s.Ok,
            sourceKept = s.SourceKept,
            failures = s.Failures.Distinct().ToList(),
        }),
        remoteClusterIps = report.RemoteClusterIps.Select(r => new
        {
            fromCluster = r.FromCluster,
            fromPod = r.FromPod,
            fromIp = r.FromIp,
            toCluster = r.ToCluster,
            service = r.Service,
            clusterIp = r.ClusterIp,
            port = r.Port,
            groupMembers = r.GroupMembers,
            requests = r.Requests,
            answered = r.Answered,
            translatedBy = r.TranslatedBy,
            backends = r.Backends,
            reachable = r.Reachable,
            spread = r.Spread,
            spreadRequired = r.SpreadRequired,
            ok = r.Ok,
            failures = r.Failures.Distinct().ToList(),
        }),
    };

    /// <summary>The documented JSON shape, exactly: no internal fields leak into it.</summary>
    internal static object ToJson(VerifyReport report) => new
    {
        ok = report.Ok,
        pairs = report.Pairs.Select(p => new
        {
            from = p.From,
            to = p.To,
            fromCluster = p.FromCluster,
            toCluster = p.ToCluster,
            ok = p.Ok,
            sourcePreserved = p.SourcePreserved,
            connectMs = p.ConnectMs,
            firstByteMs = p.FirstByteMs,
            totalMs = p.TotalMs,
        }),
    };
}
