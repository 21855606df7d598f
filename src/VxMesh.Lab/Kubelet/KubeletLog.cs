using System.Net;
using Microsoft.Extensions.Logging;

namespace VxMesh.Lab.Kubelet;

/// <summary>Every line the lab's node agent logs (event ids 700–729), in one place.</summary>
internal static partial class KubeletLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "node {Node} registered: InternalIP {Ip}, podCIDR {Block}")]
    public static partial void Registered(this ILogger log, string node, IPAddress ip, string block);

    [LoggerMessage(EventId = 701, Level = LogLevel.Error, Message = "node {Node} is registered with podCIDR {Existing}, not {Block}: delete the Node to register it again")]
    public static partial void PodCidrMismatch(this ILogger log, string node, string existing, string block);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "{What}: {Error}; again in {DelayMs} ms")]
    public static partial void Retrying(this ILogger log, string what, string error, double delayMs);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "heartbeat of node {Node}: {Error}")]
    public static partial void HeartbeatFailed(this ILogger log, string node, string error);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "block affinities confirmed: {Blocks}")]
    public static partial void AffinitiesConfirmed(this ILogger log, IEnumerable<IPNetwork> blocks);

    [LoggerMessage(EventId = 705, Level = LogLevel.Information, Message = "NAT sets from IPPools: all [{All}], masquerade [{Masquerade}]")]
    public static partial void PoolsApplied(this ILogger log, IEnumerable<string> all, IEnumerable<string> masquerade);

    [LoggerMessage(EventId = 706, Level = LogLevel.Information, Message = "cleaned up pod {Namespace}/{Pod} left by an earlier node agent")]
    public static partial void LeftoverCleaned(this ILogger log, string @namespace, string pod);

    [LoggerMessage(EventId = 707, Level = LogLevel.Information, Message = "node agent of {Node} stopped")]
    public static partial void Stopped(this ILogger log, string node);

    [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "pod {Namespace}/{Pod}: container {Container} started (pid {Pid}): {Argv}")]
    public static partial void ContainerStarted(this ILogger log, string @namespace, string pod, string container, int pid, IEnumerable<string> argv);

    [LoggerMessage(EventId = 711, Level = LogLevel.Warning, Message = "pod {Pod} not started: {Reason}")]
    public static partial void PodUnsupported(this ILogger log, string pod, string reason);

    [LoggerMessage(EventId = 712, Level = LogLevel.Information, Message = "pod {Pod}: stopping, grace {GraceSeconds} s")]
    public static partial void PodStopping(this ILogger log, string pod, double graceSeconds);

    [LoggerMessage(EventId = 713, Level = LogLevel.Error, Message = "pod {Pod}: {Error}")]
    public static partial void PodFailed(this ILogger log, string pod, string error);

    [LoggerMessage(EventId = 714, Level = LogLevel.Information, Message = "pod {Pod}: deleted")]
    public static partial void PodDeleted(this ILogger log, string pod);

    [LoggerMessage(EventId = 715, Level = LogLevel.Warning, Message = "pod {Pod}: status not written ({Error}), retrying")]
    public static partial void StatusNotWritten(this ILogger log, string pod, string error);

    [LoggerMessage(EventId = 716, Level = LogLevel.Warning, Message = "event {Reason} for pod {Pod} not written: {Error}")]
    public static partial void EventNotWritten(this ILogger log, string reason, string pod, string error);

    [LoggerMessage(EventId = 717, Level = LogLevel.Error, Message = "pod worker {Uid} failed")]
    public static partial void WorkerFailed(this ILogger log, string uid, Exception error);
}
