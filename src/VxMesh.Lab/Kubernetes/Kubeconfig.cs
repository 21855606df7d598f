using System.Text;
using VxMesh.Core.Security;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// A kubeconfig with everything inline (CA, client certificate and key as base64 data), so the
/// file alone is the credential: kubectl, the control-plane components, kube-proxy and the lab's
/// node agent all read the same format.
/// </summary>
public static class Kubeconfig
{
    public static string Build(string cluster, string server, string caPem, string user, PemPair credential) =>
        $"""
        # {user} in cluster {cluster}, written by vxmesh lab
        apiVersion: v1
        kind: Config
        clusters:
        - name: {cluster}
          cluster:
            server: {server}
            certificate-authority-data: {Base64(caPem)}
        users:
        - name: {user}
          user:
            client-certificate-data: {Base64(credential.CertificatePem)}
            client-key-data: {Base64(credential.KeyPem)}
        contexts:
        - name: {cluster}
          context:
            cluster: {cluster}
            user: {user}
        current-context: {cluster}

        """;

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}
