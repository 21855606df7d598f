namespace VxMesh.Netlink.Wire;

/// <summary>linux/if_addr.h: IFA_* attributes.</summary>
internal static class Ifa
{
    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
}
