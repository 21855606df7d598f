using System.Net;
using Microsoft.Extensions.Logging;

namespace VxMesh.Agent.Discovery;

public sealed partial class BlockWatcher
{
    [LoggerMessage(EventId = 450, Level = LogLevel.Information, Message = "pod blocks changed: [{Before}] -> [{After}]")]
    private partial void LogBlocks(IEnumerable<IPNetwork> before, IEnumerable<IPNetwork> after);

    [LoggerMessage(EventId = 451, Level = LogLevel.Warning, Message = "pod block discovery failed: {Error}")]
    private partial void LogScanFailed(string error);

    [LoggerMessage(EventId = 452, Level = LogLevel.Warning, Message = "route monitor stopped ({Error}); still polling every {Seconds} s")]
    private partial void LogMonitorFailed(string error, double seconds);
}
