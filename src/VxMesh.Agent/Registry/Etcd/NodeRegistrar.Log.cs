using System.Net;
using Microsoft.Extensions.Logging;

namespace VxMesh.Agent.Registry.Etcd;

public sealed partial class NodeRegistrar
{
    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "{Key}: lease {Lease:x} granted, TTL {Ttl} s")]
    private partial void LogLeaseGranted(string key, long lease, long ttl);

    [LoggerMessage(EventId = 421, Level = LogLevel.Information, Message = "{Key}: {What} on lease {Lease:x}: ip {Ip}, vtep ip {VtepIp}, blocks [{Blocks}]")]
    private partial void LogWritten(string key, long lease, string what, IPAddress ip, IPAddress vtepIp, IEnumerable<IPNetwork> blocks);

    [LoggerMessage(EventId = 429, Level = LogLevel.Information, Message = "{Key}: {What} on lease {Lease:x}: ip {Ip}, vtep ip none (onlink), blocks [{Blocks}]")]
    private partial void LogWrittenOnlink(string key, long lease, string what, IPAddress ip, IEnumerable<IPNetwork> blocks);

    [LoggerMessage(EventId = 422, Level = LogLevel.Warning, Message = "{Key}: lease {Lease:x} is gone (expired during an outage, or etcd lost its data); registering again")]
    private partial void LogLeaseLost(string key, long lease);

    [LoggerMessage(EventId = 423, Level = LogLevel.Warning, Message = "{Key}: {Error}; retrying in {DelayMs} ms")]
    private partial void LogFailed(string key, string error, double delayMs);

    [LoggerMessage(EventId = 424, Level = LogLevel.Information, Message = "{Key}: etcd reachable again")]
    private partial void LogRecovered(string key);

    [LoggerMessage(EventId = 425, Level = LogLevel.Information, Message = "{Key}: deregistered (key deleted, lease {Lease:x} revoked)")]
    private partial void LogDeregistered(string key, long lease);

    [LoggerMessage(EventId = 426, Level = LogLevel.Warning, Message = "{Key}: could not deregister ({Error}); the key expires within {Ttl} s")]
    private partial void LogDeregisterFailed(string key, string error, double ttl);

    [LoggerMessage(EventId = 427, Level = LogLevel.Information, Message = "{Key}: pod blocks now [{Blocks}]")]
    private partial void LogBlocksChanged(string key, IEnumerable<IPNetwork> blocks);

    [LoggerMessage(EventId = 428, Level = LogLevel.Warning, Message = "{Key}: our key is gone or on another lease; writing it again")]
    private partial void LogKeyMissing(string key);

    [LoggerMessage(EventId = 430, Level = LogLevel.Information, Message = "{Key}: our claim ran out while we were away; it starts afresh (no seniority from before)")]
    private partial void LogClaimLapsed(string key);

    [LoggerMessage(EventId = 431, Level = LogLevel.Information, Message = "{Key}: released what the node held: {Released}")]
    private partial void LogReleased(string key, IEnumerable<string> released);
}
