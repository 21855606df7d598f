using System.Net;
using System.Security.Cryptography.X509Certificates;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Core.Security;

namespace VxMesh.Agent.Tests.Registry.Support;

/// <summary>
/// A test CA and what an etcd over TLS needs from it: the server certificate (SAN 127.0.0.1) and
/// client certificates by user name, written under a directory the test removes.
/// </summary>
public sealed class EtcdTls : IDisposable
{
    private readonly string dir = System.IO.Directory.CreateTempSubdirectory("vxmesh-tls-").FullName;

    public EtcdTls(bool clientCertAuth) => ClientCertAuth = clientCertAuth;

    public CertificateAuthority Ca { get; } = CertificateAuthority.Create("vxmesh test etcd CA");

    /// <summary>etcd --client-cert-auth: a client without a certificate from <see cref="Ca"/> cannot even connect; its CN is its user.</summary>
    public bool ClientCertAuth { get; }

    public string CaFile => Path.Combine(dir, "ca.crt");

    public string CaKeyFile => Path.Combine(dir, "ca.key");

    public string Directory => dir;

    internal void WriteServerFiles(string root)
    {
        Ca.Pem.WriteTo(CaFile, CaKeyFile);
        Ca.IssueServer("etcd", ["localhost"], [IPAddress.Loopback]).WriteTo(Path.Combine(root, "server.crt"), Path.Combine(root, "server.key"));
    }

    internal string ServerFlags(string root) =>
        $"--cert-file {Path.Combine(root, "server.crt")} --key-file {Path.Combine(root, "server.key")}"
        + (ClientCertAuth ? $" --client-cert-auth --trusted-ca-file {CaFile}" : "");

    /// <summary>Credentials of a certificate for <paramref name="user"/> (CN), issued by <paramref name="ca"/> (default: the test CA).</summary>
    public EtcdCredentials Client(string user, CertificateAuthority? ca = null)
    {
        var (cert, key) = (Path.Combine(dir, $"{user}-{Guid.NewGuid():N}.crt"), Path.Combine(dir, $"{user}-{Guid.NewGuid():N}.key"));
        (ca ?? Ca).IssueClient(user, "vxmesh").WriteTo(cert, key);
        return new EtcdCredentials { CaFile = CaFile, CertFile = cert, KeyFile = key };
    }

    public EtcdCredentials TrustOnly => new() { CaFile = CaFile };

    internal HttpClient HealthClient()
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, _, _, _) => true, // health only; the tests check trust themselves
        };
        if (ClientCertAuth)
        {
            var pem = Ca.IssueClient("health");
            handler.ClientCertificates.Add(X509Certificate2.CreateFromPem(pem.CertificatePem, pem.KeyPem));
        }
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(1) };
    }

    public void Dispose()
    {
        Ca.Dispose();
        System.IO.Directory.Delete(dir, recursive: true);
    }
}
