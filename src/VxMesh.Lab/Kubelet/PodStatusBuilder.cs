using k8s.Models;

namespace VxMesh.Lab.Kubelet;

/// <summary>What a pod is at one moment, from its node agent's point of view.</summary>
/// <param name="Unsupported">Why it will not run (it stays Pending with this reason), or null.</param>
/// <param name="ConditionSince">When each condition (by type) last changed; the builder keeps it current.</param>
public sealed record PodView(
    string? PodIp,
    string HostIp,
    DateTimeOffset StartTime,
    IReadOnlyList<ContainerSnapshot> Containers,
    string? Unsupported,
    Dictionary<string, (string Status, DateTimeOffset Since)> ConditionSince);

/// <summary>
/// A pod's status as a kubelet reports it: phase, IPs, the four conditions with their transition
/// times, and one entry per container (state, last state, ready, started, restarts). Pure apart
/// from the transition times it records in the view.
/// </summary>
public static class PodStatusBuilder
{
    public static string Phase(PodView view)
    {
        if (view.Unsupported is not null || view.Containers.Count == 0 || view.Containers.All(c => c.State is WaitingState && c.RestartCount == 0))
        {
            return "Pending";
        }
        if (view.Containers.All(c => c.State is TerminatedState && !c.Restarting))
        {
            return view.Containers.All(c => c.State is TerminatedState { ExitCode: 0 }) ? "Succeeded" : "Failed";
        }
        return "Running";
    }

    public static V1PodStatus Build(PodView view, DateTimeOffset now)
    {
        var ready = view.Containers.Count > 0 && view.Containers.All(c => c.Ready);
        var conditions = new[]
        {
            Condition(view, "Initialized", true, null, now),
            Condition(view, "Ready", ready, ready ? null : "ContainersNotReady", now),
            Condition(view, "ContainersReady", ready, ready ? null : "ContainersNotReady", now),
            Condition(view, "PodScheduled", true, null, now),
        };
        return new V1PodStatus
        {
            Phase = Phase(view),
            Reason = view.Unsupported is null ? null : "Unsupported",
            Message = view.Unsupported,
            HostIP = view.HostIp,
            PodIP = view.PodIp,
            PodIPs = view.PodIp is null ? null : [new V1PodIP { Ip = view.PodIp }],
            StartTime = view.StartTime.UtcDateTime,
            Conditions = conditions,
            QosClass = "BestEffort",
            ContainerStatuses = view.Containers.Select(Entry).ToList(),
        };
    }

    private static V1PodCondition Condition(PodView view, string type, bool value, string? reason, DateTimeOffset now)
    {
        var status = value ? "True" : "False";
        if (!view.ConditionSince.TryGetValue(type, out var since) || since.Status != status)
        {
            since = (status, now);
            view.ConditionSince[type] = since;
        }
        return new V1PodCondition { Status = status, Type = type, LastTransitionTime = since.Since.UtcDateTime, Reason = reason };
    }

    private static V1ContainerStatus Entry(ContainerSnapshot c) => new()
    {
        Name = c.Name,
        Image = c.Image,
        ImageID = $"vxmesh-lab://catalog/{c.ImageKind}",
        ContainerID = c.Pid is { } pid ? $"vxmesh-lab://{pid}" : null,
        Ready = c.Ready,
        Started = c.State is RunningState && c.Started,
        RestartCount = c.RestartCount,
        State = State(c.State, c.Pid),
        LastState = c.LastState is null ? new V1ContainerState() : State(c.LastState, null),
    };

    private static V1ContainerState State(ContainerState state, int? pid) => state switch
    {
        WaitingState w => new V1ContainerState { Waiting = new V1ContainerStateWaiting { Message = w.Message, Reason = w.Reason } },
        RunningState r => new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = r.StartedAt.UtcDateTime } },
        TerminatedState t => new V1ContainerState
        {
            Terminated = new V1ContainerStateTerminated
            {
                ExitCode = t.ExitCode,
                ContainerID = pid is { } p ? $"vxmesh-lab://{p}" : null,
                FinishedAt = t.FinishedAt.UtcDateTime,
                Message = t.Message,
                Reason = t.Reason,
                StartedAt = t.StartedAt.UtcDateTime,
            },
        },
        _ => new V1ContainerState(),
    };
}
