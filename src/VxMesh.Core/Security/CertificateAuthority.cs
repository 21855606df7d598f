using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VxMesh.Core.Security;

/// <summary>
/// A small certificate authority for the registry's TLS and the labs: create (or load) a CA, issue
/// server certificates with SANs and client certificates with CN/O. Keys are ECDSA P-256 and are
/// written as PKCS#8 PEM (what etcd's and Kubernetes' Go TLS read); certificates are signed with
/// SHA-256. The CA may only sign leaf certificates (path length 0); leaves carry the extended key
/// usage their side needs, so a client certificate cannot serve as a server's. Validity starts
/// five minutes in the past (clock skew between namespaces is nil, between machines it is not).
/// Time comes from the <see cref="TimeProvider"/> so tests can issue certificates "in" any moment.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    /// <summary>A lab lives hours; a registry's credentials are rotated by re-issuing, not by expiry.</summary>
    public static readonly TimeSpan DefaultCaValidity = TimeSpan.FromDays(3650);

    public static readonly TimeSpan DefaultLeafValidity = TimeSpan.FromDays(825);

    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2 certificate;
    private readonly ECDsa key;
    private readonly TimeProvider time;

    private CertificateAuthority(X509Certificate2 certificate, ECDsa key, TimeProvider time)
    {
        this.certificate = certificate;
        this.key = key;
        this.time = time;
    }

    /// <summary>The CA's own certificate and key (the key only ever goes where new credentials are issued).</summary>
    public PemPair Pem => new(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());

    public string CommonName => certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    /// <summary>A new self-signed CA named <paramref name="commonName"/>.</summary>
    public static CertificateAuthority Create(string commonName, TimeProvider? time = null, TimeSpan? validity = null)
    {
        time ??= TimeProvider.System;
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Name(commonName, null), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = time.GetUtcNow();
        var self = request.CreateSelfSigned(now - Skew, now + (validity ?? DefaultCaValidity));
        return new CertificateAuthority(X509CertificateLoader.LoadCertificate(self.Export(X509ContentType.Cert)), key, time);
    }

    /// <summary>An existing CA from its PEM certificate and PKCS#8 (or SEC1) PEM key, to issue more credentials.</summary>
    public static CertificateAuthority Load(string certificatePem, string keyPem, TimeProvider? time = null)
    {
        var certificate = X509Certificate2.CreateFromPem(certificatePem);
        var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (constraints is not { CertificateAuthority: true })
        {
            throw new ArgumentException($"'{certificate.Subject}' is not a CA certificate (no basicConstraints CA:TRUE)");
        }
        if (!certificate.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw new ArgumentException("the CA key does not belong to the CA certificate");
        }
        return new CertificateAuthority(certificate, key, time ?? TimeProvider.System);
    }

    /// <summary>
    /// A server certificate: CN <paramref name="commonName"/>, SANs <paramref name="dnsNames"/> and
    /// <paramref name="addresses"/> (clients check these, not the CN), EKU serverAuth — and
    /// clientAuth too when <paramref name="alsoClient"/> (an etcd peer, an apiserver talking to etcd).
    /// </summary>
    public PemPair IssueServer(string commonName, IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses, bool alsoClient = false, TimeSpan? validity = null)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames)
        {
            san.AddDnsName(dns);
        }
        foreach (var address in addresses)
        {
            san.AddIpAddress(address);
        }
        return Issue(Name(commonName, null), alsoClient ? [ServerAuth, ClientAuth] : [ServerAuth], san.Build(), validity);
    }

    /// <summary>
    /// A client certificate: CN <paramref name="commonName"/> (etcd takes it as the user name;
    /// Kubernetes as the user) and O <paramref name="organization"/> (Kubernetes: the group), EKU clientAuth.
    /// </summary>
    public PemPair IssueClient(string commonName, string? organization = null, TimeSpan? validity = null) =>
        Issue(Name(commonName, organization), [ClientAuth], san: null, validity);

    private PemPair Issue(X500DistinguishedName subject, string[] usages, X509Extension? san, TimeSpan? validity)
    {
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, leafKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var oids = new OidCollection();
        foreach (var usage in usages)
        {
            oids.Add(new Oid(usage));
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }
        var now = time.GetUtcNow();
        var notAfter = now + (validity ?? DefaultLeafValidity);
        if (notAfter > certificate.NotAfter)
        {
            notAfter = certificate.NotAfter; // a leaf cannot outlive its issuer
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        using var issued = request.Create(certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(key), now - Skew, notAfter, serial);
        return new PemPair(issued.ExportCertificatePem(), leafKey.ExportPkcs8PrivateKeyPem());
    }

    private static X500DistinguishedName Name(string commonName, string? organization)
    {
        // The builder encodes the last added first: this yields the conventional O=…, CN=… order.
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        if (organization is not null)
        {
            name.AddOrganizationName(organization);
        }
        return name.Build();
    }

    public void Dispose()
    {
        certificate.Dispose();
        key.Dispose();
    }
}
