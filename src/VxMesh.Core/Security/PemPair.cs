namespace VxMesh.Core.Security;

/// <summary>
/// A certificate and its private key, both PEM. Never printed whole: <see cref="ToString"/> shows
/// the certificate's size only, so a log line or an exception cannot carry the key.
/// </summary>
public sealed record PemPair(string CertificatePem, string KeyPem)
{
    /// <summary>Writes both files; the key readable by its owner only (0600) from its first byte.</summary>
    public void WriteTo(string certificatePath, string keyPath)
    {
        File.WriteAllText(certificatePath, CertificatePem);
        SecretFile.Write(keyPath, KeyPem);
    }

    public override string ToString() => $"PemPair(certificate: {CertificatePem.Length} characters, key: redacted)";
}
