namespace VxMesh.Lab.Runtime;

/// <summary>Every wait the lab does is bounded by one of these.</summary>
public static class Timeouts
{
    /// <summary>One iproute2, sysctl or nft invocation: they take milliseconds; seconds means something is stuck.</summary>
    public static readonly TimeSpan Command = TimeSpan.FromSeconds(20);

    /// <summary>Agents programming routes and nginx answering, after everything is started.</summary>
    public static readonly TimeSpan Ready = TimeSpan.FromSeconds(45);

    /// <summary>Processes leaving after SIGTERM before they get SIGKILL.</summary>
    public static readonly TimeSpan Stop = TimeSpan.FromSeconds(3);

    /// <summary>One curl in verify (its own --max-time is 3 s; this covers process start-up too).</summary>
    public static readonly TimeSpan Probe = TimeSpan.FromSeconds(8);

    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
}
