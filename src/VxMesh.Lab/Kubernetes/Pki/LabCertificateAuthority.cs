using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VxMesh.Lab.Kubernetes.Pki;

/// <summary>A certificate and its private key, both PEM, as Kubernetes' and etcd's flags read them.</summary>
public sealed record PemPair(string Certificate, string Key);

/// <summary>The service-account signing key: kube-apiserver verifies with the public half, kube-controller-manager and kube-apiserver sign with the private one.</summary>
public sealed record SigningKeyPair(string PublicKey, string PrivateKey);

/// <summary>Who a certificate is for: Kubernetes reads the user from the CN and the groups from O.</summary>
/// <param name="IpAddresses">Subject alternative names a server is reached by.</param>
public sealed record CertificateSubject(
    string CommonName,
    IReadOnlyList<string> Organizations,
    IReadOnlyList<IPAddress> IpAddresses,
    IReadOnlyList<string> DnsNames,
    bool Server,
    bool Client)
{
    public static CertificateSubject ClientOf(string user, params string[] groups) => new(user, groups, [], [], Server: false, Client: true);

    public static CertificateSubject ServerOf(string name, IReadOnlyList<IPAddress> ips, IReadOnlyList<string> dns) =>
        new(name, [], ips, dns, Server: true, Client: false);
}

/// <summary>
/// A lab's own certificate authority: ECDSA P-256 (generated in microseconds, accepted by Go's
/// TLS stack, by kube-apiserver's client-certificate authentication and for service-account
/// token signing), valid for a year from a little before now so small clock differences between
/// namespaces never matter. A lab creates one per Kubernetes cluster, so a credential of one
/// cluster is worthless in another. Nothing here touches the machine's trust store.
/// </summary>
public sealed class LabCertificateAuthority : IDisposable
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(365);
    private static readonly TimeSpan Backdate = TimeSpan.FromHours(1);

    private readonly X509Certificate2 certificate;
    private readonly ECDsa key;
    private readonly TimeProvider time;

    private LabCertificateAuthority(X509Certificate2 certificate, ECDsa key, TimeProvider time)
    {
        this.certificate = certificate;
        this.key = key;
        this.time = time;
    }

    public string CertificatePem => certificate.ExportCertificatePem();

    public PemPair Pem => new(CertificatePem, key.ExportPkcs8PrivateKeyPem());

    public static LabCertificateAuthority Create(string commonName, TimeProvider time)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        var certificate = request.CreateSelfSigned(now - Backdate, now + Validity);
        return new LabCertificateAuthority(certificate, key, time);
    }

    /// <summary>An authority written earlier (<see cref="Pem"/>), to issue more certificates (a node joining a running lab).</summary>
    public static LabCertificateAuthority FromPem(PemPair pem, TimeProvider time)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem.Key);
        using var loaded = X509Certificate2.CreateFromPem(pem.Certificate);
        return new LabCertificateAuthority(loaded.CopyWithPrivateKey(key), key, time);
    }

    /// <summary>A fresh key and a certificate for <paramref name="subject"/>, signed by this authority.</summary>
    public PemPair Issue(CertificateSubject subject)
    {
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(DistinguishedName(subject), leafKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var usages = new OidCollection();
        if (subject.Server)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        }
        if (subject.Client)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        if (subject.IpAddresses.Count + subject.DnsNames.Count > 0)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var ip in subject.IpAddresses)
            {
                names.AddIpAddress(ip);
            }
            foreach (var dns in subject.DnsNames)
            {
                names.AddDnsName(dns);
            }
            request.CertificateExtensions.Add(names.Build());
        }
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(certificate, true, false));
        var now = time.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(key),
            now - Backdate, now + Validity, serial);
        return new PemPair(issued.ExportCertificatePem(), leafKey.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A key pair for signing service-account tokens (private PKCS#8, public SubjectPublicKeyInfo).</summary>
    public static SigningKeyPair SigningKey()
    {
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new SigningKeyPair(signing.ExportSubjectPublicKeyInfoPem(), signing.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        certificate.Dispose();
        key.Dispose();
    }

    private static X500DistinguishedName DistinguishedName(CertificateSubject subject)
    {
        var builder = new X500DistinguishedNameBuilder();
        foreach (var organization in subject.Organizations)
        {
            builder.AddOrganizationName(organization);
        }
        builder.AddCommonName(subject.CommonName);
        return builder.Build();
    }
}
