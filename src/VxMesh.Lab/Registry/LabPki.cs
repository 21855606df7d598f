using System.Net;
using VxMesh.Core.Security;

namespace VxMesh.Lab.Registry;

/// <summary>
/// An etcd lab's certificates, under LAB/pki/: the lab CA (ca.crt, ca.key), etcd's server
/// certificate (etcd-server.crt/.key, SANs: etcd's lab address and 127.0.0.1), and one client
/// certificate per etcd user (USER.crt/.key, CN = user): root's is made here to set up auth; the
/// admin's and each cluster's are issued by `vxmesh registry auth` with the lab CA, exactly as an
/// operator would. Keys are 0600. `lab down` removes them with the lab's directory.
/// </summary>
public sealed record LabPki(string Directory)
{
    public string CaCert => Path.Combine(Directory, "ca.crt");

    public string CaKey => Path.Combine(Directory, "ca.key");

    public string ServerCert => Path.Combine(Directory, "etcd-server.crt");

    public string ServerKey => Path.Combine(Directory, "etcd-server.key");

    public string Cert(string user) => Path.Combine(Directory, user + ".crt");

    public string Key(string user) => Path.Combine(Directory, user + ".key");

    /// <summary>The `--etcd-ca/--etcd-cert/--etcd-key` flags of a CLI run as <paramref name="user"/>.</summary>
    public IReadOnlyList<string> ClientFlags(string user) =>
        ["--etcd-ca", CaCert, "--etcd-cert", Cert(user), "--etcd-key", Key(user)];

    /// <summary>curl's flags to talk to the lab's etcd as <paramref name="user"/>.</summary>
    public IReadOnlyList<string> CurlFlags(string user) =>
        ["--cacert", CaCert, "--cert", Cert(user), "--key", Key(user)];

    /// <summary>A new lab CA, etcd's server certificate for <paramref name="etcdAddress"/>, and root's client certificate.</summary>
    public void Create(IPAddress etcdAddress, string lab, TimeProvider? time = null)
    {
        System.IO.Directory.CreateDirectory(Directory);
        using var ca = CertificateAuthority.Create($"vxmesh lab {lab} CA", time);
        ca.Pem.WriteTo(CaCert, CaKey);
        ca.IssueServer("etcd", ["etcd", "localhost"], [etcdAddress, IPAddress.Loopback]).WriteTo(ServerCert, ServerKey);
        ca.IssueClient(RegistryUserNames.Root, "vxmesh").WriteTo(Cert(RegistryUserNames.Root), Key(RegistryUserNames.Root));
    }
}
