using Microsoft.Extensions.Logging;

namespace VxMesh.Agent.Registry.Etcd;

public sealed partial class EtcdInventorySource
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "{Source}: full load at revision {Revision}: {Keys} keys, changed {Changed} (load #{Count})")]
    private partial void LogFullLoad(string source, long revision, int keys, bool changed, int count);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "{Source}: watching from revision {Revision}")]
    private partial void LogWatching(string source, long revision);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "{Source}: unreachable, keeping the last state and retrying with backoff: {Error}")]
    private partial void LogUnreachable(string source, string error);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "{Source}: watch ended ({Why}); reloading everything")]
    private partial void LogWatchEnded(string source, string why);

    [LoggerMessage(EventId = 404, Level = LogLevel.Warning, Message = "{Count} more registrations left out of the mesh ({Total} in all): {Excluded}")]
    private partial void LogExcluded(int count, int total, string excluded);

    [LoggerMessage(EventId = 406, Level = LogLevel.Warning, Message = "{Count} keys under {Prefix} are not registry keys (ignored; `vxmesh registry show` lists them)")]
    private partial void LogForeignKeys(int count, string prefix);

    [LoggerMessage(EventId = 405, Level = LogLevel.Error, Message = "a Changed handler threw: {Error}")]
    private partial void LogHandlerFailed(string error);
}
