namespace VxMesh.Core.Tests.Rendering;

/// <summary>The IPPool YAML seeds/000 pipes into `kubectl apply` in test-cluster1 and test-cluster3, verbatim.</summary>
public static class ArticleIpPools
{
    public const string Cluster1 = """
        apiVersion: crd.projectcalico.org/v1
        kind: IPPool
        metadata:
          name: svc-test-cluster2
        spec:
          cidr: 10.235.0.0/18
          natOutgoing: false
          disabled: true
        ---
        apiVersion: crd.projectcalico.org/v1
        kind: IPPool
        metadata:
          name: pod-test-cluster2
        spec:
          cidr: 10.235.64.0/18
          natOutgoing: false
          disabled: true
        ---
        apiVersion: crd.projectcalico.org/v1
        kind: IPPool
        metadata:
          name: svc-test-cluster3
        spec:
          cidr: 10.236.0.0/18
          natOutgoing: false
          disabled: true
        ---
        apiVersion: crd.projectcalico.org/v1
        kind: IPPool
        metadata:
          name: pod-test-cluster3
        spec:
          cidr: 10.236.64.0/18
          natOutgoing: false
          disabled: true
        """;

    public const string Cluster3 = """
        apiVersion: crd.projectcalico.org/v1
        kind: IPPool
        metadata:
          name: svc-test-cluster1
        spec:
          cidr: 10.234.0.0/18
          natOutgoing: false
          disabled: true
        ---
        apiVersion: crd.projectcalico.org/v1
        kind: IPPool
        metadata:
          name: pod-test-cluster1
        spec:
          cidr: 10.234.64.0/18
          natOutgoing: false
          disabled: true
        ---
        apiVersion: crd.projectcalico.org/v1
        kind: IPPool
        metadata:
          name: svc-test-cluster2
        spec:
          cidr: 10.235.0.0/18
          natOutgoing: false
          disabled: true
        ---
        apiVersion: crd.projectcalico.org/v1
        kind: IPPool
        metadata:
          name: pod-test-cluster2
        spec:
          cidr: 10.235.64.0/18
          natOutgoing: false
          disabled: true
        """;
}
