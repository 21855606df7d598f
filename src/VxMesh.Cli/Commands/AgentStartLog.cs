using Microsoft.Extensions.Logging;

namespace VxMesh.Cli.Commands;

/// <summary>The agent's first log line: what it follows, so an operator sees the mode it runs in.</summary>
internal static partial class AgentStartLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "agent for node {Node} watching {Source}, resync every {Resync}s")]
    public static partial void WatchingFile(ILogger logger, string node, string source, double resync);

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "agent for node {Node} of cluster {Cluster} following {Source}")]
    public static partial void FollowingEtcd(ILogger logger, string node, string cluster, string source);
}
