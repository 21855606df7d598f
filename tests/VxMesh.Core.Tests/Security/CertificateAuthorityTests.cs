using System.Net;
using System.Security.Cryptography.X509Certificates;
using VxMesh.Core.Security;
using VxMesh.Tests.Shared;

namespace VxMesh.Core.Tests.Security;

/// <summary>The lab and registry CA: what it issues, checked by openssl (the outside oracle) and by .NET's chain builder.</summary>
public sealed class CertificateAuthorityTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string dir = Directory.CreateTempSubdirectory("vxmesh-ca-").FullName;
    private readonly CertificateAuthority ca = CertificateAuthority.Create("vxmesh test CA", new FixedTime(Now));

    [Fact]
    public void IssueServer_WithSans_OpensslVerifiesAgainstTheCaAndListsTheSans()
    {
        var server = ca.IssueServer("etcd", ["etcd.lab"], [IPAddress.Parse("198.18.0.2"), IPAddress.Loopback]);

        var (caFile, certFile, _) = Files("server", server);
        Assert.Equal($"{certFile}: OK", Openssl("verify", "-purpose", "sslserver", "-attime", Epoch(Now), "-CAfile", caFile, certFile).Trim());
        var text = Openssl("x509", "-in", certFile, "-noout", "-ext", "subjectAltName,extendedKeyUsage");
        Assert.Contains("DNS:etcd.lab, IP Address:198.18.0.2, IP Address:127.0.0.1", text);
        Assert.Contains("TLS Web Server Authentication", text);
        Assert.DoesNotContain("Client", text);
    }

    [Fact]
    public void IssueClient_CnAndO_ClientPurposeOnly()
    {
        var client = ca.IssueClient("vxmesh-cluster-east", "vxmesh");

        var (caFile, certFile, _) = Files("client", client);
        Assert.Equal($"{certFile}: OK", Openssl("verify", "-purpose", "sslclient", "-attime", Epoch(Now), "-CAfile", caFile, certFile).Trim());
        Assert.Contains("error", Openssl(false, "verify", "-purpose", "sslserver", "-attime", Epoch(Now), "-CAfile", caFile, certFile));
        Assert.Contains("O = vxmesh, CN = vxmesh-cluster-east", Openssl("x509", "-in", certFile, "-noout", "-subject"));
    }

    [Fact]
    public void Create_CaMaySignLeavesOnly_KeyIsPkcs8AndOwnerOnly()
    {
        var (caFile, _, keyFile) = Files("ca", ca.Pem);

        var text = Openssl("x509", "-in", caFile, "-noout", "-ext", "basicConstraints");
        Assert.Contains("CA:TRUE, pathlen:0", text);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(keyFile));
        Assert.Equal("600", Shell.Run("stat", "-c", "%a", keyFile).EnsureSuccess("stat").Stdout.Trim());
    }

    [Fact]
    public void IssueClient_ValidFromFiveMinutesBeforeNow_NotAfterTheCa()
    {
        using var cert = X509Certificate2.CreateFromPem(ca.IssueClient("x").CertificatePem);

        Assert.Equal(Now.UtcDateTime - TimeSpan.FromMinutes(5), cert.NotBefore.ToUniversalTime());
        Assert.Equal((Now + CertificateAuthority.DefaultLeafValidity).UtcDateTime, cert.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void Load_SamePem_IssuesCertificatesTheOriginalCaVerifies()
    {
        var pem = ca.Pem;
        using var loaded = CertificateAuthority.Load(pem.CertificatePem, pem.KeyPem, new FixedTime(Now));

        using var leaf = X509Certificate2.CreateFromPem(loaded.IssueClient("again").CertificatePem);
        using var root = X509Certificate2.CreateFromPem(pem.CertificatePem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.UtcDateTime;
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void Load_KeyOfAnotherCa_Refused()
    {
        using var other = CertificateAuthority.Create("other");

        var error = Assert.Throws<ArgumentException>(() => CertificateAuthority.Load(ca.Pem.CertificatePem, other.Pem.KeyPem));

        Assert.Contains("does not belong", error.Message);
    }

    [Fact]
    public void Load_LeafCertificate_RefusedAsNotACa()
    {
        var leaf = ca.IssueClient("leaf");

        Assert.Throws<ArgumentException>(() => CertificateAuthority.Load(leaf.CertificatePem, leaf.KeyPem));
    }

    [Fact]
    public void PemPair_ToString_NeverShowsTheKey() =>
        Assert.DoesNotContain("PRIVATE", ca.IssueClient("x").ToString());

    private (string Ca, string Cert, string Key) Files(string name, PemPair pair)
    {
        var caFile = Path.Combine(dir, "ca.crt");
        File.WriteAllText(caFile, ca.Pem.CertificatePem);
        var (cert, key) = (Path.Combine(dir, name + ".crt"), Path.Combine(dir, name + ".key"));
        pair.WriteTo(cert, key);
        return (caFile, cert, key);
    }

    private static string Epoch(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Openssl(params string[] args) => Openssl(true, args);

    /// <summary>stdout; or, unchecked, stdout and stderr whatever the exit code.</summary>
    private static string Openssl(bool check, params string[] args)
    {
        var result = Shell.Run("openssl", args);
        return check ? result.EnsureSuccess("openssl " + string.Join(' ', args)).Stdout : result.Stdout + result.Stderr;
    }

    public void Dispose()
    {
        ca.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
