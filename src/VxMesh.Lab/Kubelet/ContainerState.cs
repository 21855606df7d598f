namespace VxMesh.Lab.Kubelet;

/// <summary>A container's state as the API reports it: waiting, running or terminated.</summary>
public abstract record ContainerState;

public sealed record WaitingState(string Reason, string? Message = null) : ContainerState;

public sealed record RunningState(DateTimeOffset StartedAt) : ContainerState;

public sealed record TerminatedState(int ExitCode, string Reason, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string? Message = null) : ContainerState;

/// <summary>One container at one moment, what its status entry is built from.</summary>
/// <param name="Started">The startup probe passed (or there is none) while it runs.</param>
/// <param name="Restarting">It will run again (restart policy), so the pod is not finished.</param>
public sealed record ContainerSnapshot(
    string Name,
    string Image,
    string ImageKind,
    ContainerState State,
    ContainerState? LastState,
    bool Ready,
    bool Started,
    int RestartCount,
    int? Pid,
    bool Restarting);
