namespace VxMesh.Netlink.Interop;

/// <summary>Native entry points. Each call family lives in its own Interop.X.cs file.</summary>
internal static partial class Libc
{
    // "libc" is mapped by the .NET host to the platform C library (libc.so.6 on glibc).
    internal const string Name = "libc";
}
