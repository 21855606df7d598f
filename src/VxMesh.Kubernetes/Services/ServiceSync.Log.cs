using Microsoft.Extensions.Logging;

namespace VxMesh.Kubernetes.Services;

public sealed partial class ServiceSync
{
    [LoggerMessage(EventId = 840, Level = LogLevel.Warning, Message = "services: {Error}; again shortly")]
    private partial void LogRetry(string error);

    [LoggerMessage(EventId = 841, Level = LogLevel.Information, Message = "exported {Service}: {Ready} ready endpoints published")]
    private partial void LogPublished(string service, int ready);

    [LoggerMessage(EventId = 842, Level = LogLevel.Information, Message = "{Key}: no longer exported, deleted from the registry")]
    private partial void LogUnpublished(string key);

    [LoggerMessage(EventId = 843, Level = LogLevel.Information, Message = "{Kind} {Key} applied")]
    private partial void LogApplied(string kind, string key);

    [LoggerMessage(EventId = 844, Level = LogLevel.Information, Message = "{Kind} {Key} deleted: no cluster exports it any more")]
    private partial void LogDeleted(string kind, string key);

    [LoggerMessage(EventId = 845, Level = LogLevel.Warning, Message = "{Key}: unreadable service export, ignored: {Error}")]
    private partial void LogUnreadable(string key, string error);

    [LoggerMessage(EventId = 846, Level = LogLevel.Warning, Message = "{Kind} {Key}: refused by the API, skipped this pass: {Error}")]
    private partial void LogRefused(string kind, string key, string error);
}
