using VxMesh.Lab.Topology;

namespace VxMesh.Lab.Tests.Support;

/// <summary>Small topologies to break one thing at a time.</summary>
internal static class TestTopologies
{
    public const string Source = "lab.yaml";

    /// <summary>
    /// A calico cluster whose two nodes sit in different routed segments (s1, s2), the second
    /// with two blocks; a flannel cluster of two nodes on s2; two pods per node; vtepCidr mode.
    /// </summary>
    public const string Mixed = """
        mesh:
          vni: 7001
          port: 4800
          device: vxm0
          vtepCidr: 198.18.200.0/24
        clusters:
          - name: ca
            cni: calico
            podCidrs: [198.19.0.0/20]
            serviceCidrs: [198.18.64.0/20]
            nodes:
              - name: ca-1
                ip: 198.18.1.11
                podCidrs: [198.19.1.0/24]
              - name: ca-2
                ip: 198.18.2.12
                podCidrs: [198.19.2.0/24, 198.19.3.0/24]
          - name: fb
            cni: flannel
            podCidrs: [198.19.16.0/20]
            serviceCidrs: [198.18.80.0/20]
            nodes:
              - name: fb-1
                ip: 198.18.2.21
                podCidrs: [198.19.16.0/24]
              - name: fb-2
                ip: 198.18.2.22
                podCidrs: [198.19.17.0/24]
        lab:
          segments:
            - {name: s1, cidr: 198.18.1.0/24}
            - {name: s2, cidr: 198.18.2.0/24}
          podsPerNode: 2

        """;

    /// <summary>Onlink addressing (no vtepCidr), ippools off: a calico and a flannel cluster on one segment each.</summary>
    public const string OnlinkNoIppools = """
        mesh:
          vni: 7002
          port: 4801
        clusters:
          - name: cb
            cni: calico
            podCidrs: [198.19.32.0/20]
            serviceCidrs: [198.18.96.0/20]
            nodes:
              - {name: cb-1, ip: 192.0.2.11, podCidrs: [198.19.32.0/24]}
              - {name: cb-2, ip: 192.0.2.12, podCidrs: [198.19.33.0/24]}
          - name: fc
            cni: flannel
            podCidrs: [198.19.48.0/20]
            serviceCidrs: [198.18.112.0/20]
            nodes:
              - {name: fc-1, ip: 198.51.100.21, podCidrs: [198.19.48.0/24]}
              - {name: fc-2, ip: 198.51.100.22, podCidrs: [198.19.49.0/24]}
        lab:
          segments:
            - {name: doc1, cidr: 192.0.2.0/24}
            - {name: doc2, cidr: 198.51.100.0/24}
          ippools: false

        """;

    /// <summary>The smallest lab with a cross-cluster pair: two one-node clusters of different CNIs on one segment.</summary>
    public const string Tiny = """
        mesh:
          vni: 7003
          port: 4802
        clusters:
          - name: ta
            cni: calico
            podCidrs: [198.19.64.0/20]
            serviceCidrs: [198.18.128.0/20]
            nodes:
              - {name: ta-1, ip: 203.0.113.11, podCidrs: [198.19.64.0/24]}
          - name: tb
            cni: flannel
            podCidrs: [198.19.80.0/20]
            serviceCidrs: [198.18.144.0/20]
            nodes:
              - {name: tb-1, ip: 203.0.113.21, podCidrs: [198.19.80.0/24]}
        lab:
          segments:
            - {name: net, cidr: 203.0.113.0/24}

        """;

    /// <summary>
    /// The etcd lab of the churn tests: a calico cluster of two nodes on one segment (so a third
    /// on the other segment makes them create vxlan.calico) and a flannel cluster of one node
    /// (so a second makes it create flannel.1); vtepCidr mode, so agents allocate VTEP addresses.
    /// </summary>
    public const string EtcdChurn = """
        mesh:
          vni: 7004
          port: 4803
          vtepCidr: 198.18.210.0/24
        clusters:
          - name: ea
            cni: calico
            podCidrs: [198.19.96.0/20]
            serviceCidrs: [198.18.160.0/20]
            nodes:
              - {name: ea-1, ip: 198.18.5.11, podCidrs: [198.19.96.0/24]}
              - {name: ea-2, ip: 198.18.5.12, podCidrs: [198.19.97.0/24]}
          - name: wf
            cni: flannel
            podCidrs: [198.19.112.0/20]
            serviceCidrs: [198.18.176.0/20]
            nodes:
              - {name: wf-1, ip: 198.18.6.21, podCidrs: [198.19.112.0/24]}
        lab:
          segments:
            - {name: s5, cidr: 198.18.5.0/24}
            - {name: s6, cidr: 198.18.6.0/24}

        """;

    public static LabLoadResult Load(string yaml, string name = "test") => LabLoader.Parse(yaml, Source, name);

    public static LabTopology TopologyOf(string yaml, string name = "test")
    {
        var result = Load(yaml, name);
        return result.Topology ?? throw new InvalidOperationException(string.Join("\n", result.Problems));
    }

    /// <summary><paramref name="yaml"/> with each (find, replace) applied; each find must occur exactly once.</summary>
    public static string With(string yaml, params (string Find, string Replace)[] edits)
    {
        foreach (var (find, replace) in edits)
        {
            var at = yaml.IndexOf(find, StringComparison.Ordinal);
            if (at < 0 || yaml.IndexOf(find, at + 1, StringComparison.Ordinal) >= 0)
            {
                throw new ArgumentException($"'{find}' must occur exactly once in the topology");
            }
            yaml = yaml[..at] + replace + yaml[(at + find.Length)..];
        }
        return yaml;
    }
}
