namespace VxMesh.Netlink.Tests.Infrastructure;

/// <summary>Hex text (whitespace allowed, so golden dumps can be laid out by field) to bytes.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
