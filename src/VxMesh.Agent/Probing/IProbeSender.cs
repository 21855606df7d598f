using System.Net;

namespace VxMesh.Agent.Probing;

/// <summary>Sends one probe and says how long its answer took (null: none within the timeout).</summary>
public interface IProbeSender
{
    Task<TimeSpan?> ProbeAsync(IPAddress target, TimeSpan timeout, CancellationToken cancel);
}
