namespace VxMesh.Netlink.Wire;

/// <summary>linux/neighbour.h: NDA_* attributes, NTF_* flags, NUD_* states.</summary>
internal static class Nda
{
    public const ushort NDA_DST = 1;
    public const ushort NDA_LLADDR = 2;
    public const ushort NDA_IFINDEX = 8;
    public const ushort NDA_MASTER = 9;
    public const ushort NDA_PROTOCOL = 12;

    public const byte NTF_USE = 1 << 0;
    public const byte NTF_SELF = 1 << 1;
    public const byte NTF_MASTER = 1 << 2;
    public const byte NTF_PROXY = 1 << 3;
    public const byte NTF_EXT_LEARNED = 1 << 4;
    public const byte NTF_OFFLOADED = 1 << 5;
    public const byte NTF_STICKY = 1 << 6;
    public const byte NTF_ROUTER = 1 << 7;

    public const ushort NUD_INCOMPLETE = 0x01;
    public const ushort NUD_REACHABLE = 0x02;
    public const ushort NUD_STALE = 0x04;
    public const ushort NUD_DELAY = 0x08;
    public const ushort NUD_PROBE = 0x10;
    public const ushort NUD_FAILED = 0x20;
    public const ushort NUD_NOARP = 0x40;
    public const ushort NUD_PERMANENT = 0x80;
}
