namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// A client pod of <see cref="FromCluster"/> curling a ClusterIP of <see cref="ToCluster"/> (verify's
/// own `web` Service there) <see cref="Requests"/> times, each a new connection from a new source
/// port: the path over the mesh's nexthop group of that cluster's nodes, whose kube-proxies translate.
/// </summary>
/// <param name="GroupMembers">Members of the group the client's node routes the ClusterIP through (0: no mesh route).</param>
/// <param name="TranslatedBy">Flows per translating node: kube-proxy masquerades a flow from outside its cluster, so the
/// address the backend saw is that node's; an address that is no node of <see cref="ToCluster"/> counts under "?ADDRESS".</param>
/// <param name="Backends">Distinct backend pods that answered.</param>
/// <param name="SpreadRequired">Whether <see cref="Spread"/> is part of <see cref="Ok"/>: the group has ≥2 members and there were
/// enough flows (<see cref="RemoteClusterIpCheck.MinFlowsForSpread"/>) that all hashing onto one member means it is broken.</param>
public sealed record RemoteClusterIpRequests(
    string FromCluster, string FromPod, string FromIp, string ToCluster, string Service, string ClusterIp, int Port, int GroupMembers,
    int Requests, int Answered, IReadOnlyDictionary<string, int> TranslatedBy, IReadOnlyList<string> Backends, IReadOnlyList<string> Failures, bool SpreadRequired)
{
    /// <summary>Every request answered by a pod of <see cref="ToCluster"/>.</summary>
    public bool Reachable => Failures.Count == 0 && Answered == Requests && Requests > 0;

    /// <summary>More than one node of <see cref="ToCluster"/> translated the flows.</summary>
    public bool Spread => TranslatedBy.Keys.Count(k => !k.StartsWith('?')) > 1;

    public bool Ok => Reachable && (!SpreadRequired || Spread);
}
