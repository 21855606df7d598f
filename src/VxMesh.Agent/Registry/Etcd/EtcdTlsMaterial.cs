using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace VxMesh.Agent.Registry.Etcd;

/// <summary>
/// The loaded TLS side of <see cref="EtcdCredentials"/>: the CA etcd's certificate must chain to,
/// and our client certificate. <see cref="Options"/> is what every https channel to etcd uses
/// (the agent's, and the bench's namespaced one).
/// </summary>
public sealed record EtcdTlsMaterial(X509Certificate2Collection? Trust, X509Certificate2? Client)
{
    /// <summary>
    /// Our client certificate, and etcd's checked against the given CA alone: a certificate from
    /// any other authority — however trusted by the system — is refused, as is a host-name mismatch.
    /// </summary>
    public SslClientAuthenticationOptions Options() => new()
    {
        ClientCertificates = Client is null ? null : [Client],
        RemoteCertificateValidationCallback = Trust is not { } trust ? null : (_, certificate, _, errors) =>
            (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
            && certificate is X509Certificate2 server && ChainsTo(server, trust),
    };

    private static bool ChainsTo(X509Certificate2 server, X509Certificate2Collection trust)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
