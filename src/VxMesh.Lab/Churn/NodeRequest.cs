using System.Net;
using VxMesh.Core.Model;
using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Churn;

/// <summary>`lab node add LAB NAME --cluster C --ip IP --pod-cidr CIDR [--pods N]`, as typed.</summary>
/// <param name="Pods">Null: the lab's podsPerNode.</param>
public sealed record NodeRequest(string Name, string Cluster, string Ip, IReadOnlyList<string> PodCidrs, int? Pods);

/// <summary>A request that passed <see cref="NodeRequestChecks"/>: the node the lab will build.</summary>
public sealed record NewNode(string Name, ClusterSpec Cluster, IPAddress Ip, Segment Segment, ValueList<IPNetwork> Blocks, int Pods);
