using System.Security.Cryptography;

namespace VxMesh.Lab.Kubernetes;

/// <summary>
/// The service-account token signing key of a lab cluster: kube-apiserver verifies tokens with the
/// public half, kube-controller-manager and kube-apiserver sign with the private one. ECDSA P-256
/// (ES256), which both accept; private PKCS#8, public SubjectPublicKeyInfo, both PEM.
/// </summary>
public sealed record ServiceAccountKey(string PublicKey, string PrivateKey)
{
    public static ServiceAccountKey Create()
    {
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new ServiceAccountKey(signing.ExportSubjectPublicKeyInfoPem(), signing.ExportPkcs8PrivateKeyPem());
    }

    public override string ToString() => "ServiceAccountKey(private key: redacted)";
}
