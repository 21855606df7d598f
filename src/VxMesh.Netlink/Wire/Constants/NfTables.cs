namespace VxMesh.Netlink.Wire;

/// <summary>linux/netfilter/nfnetlink.h and nf_tables.h: the numbers set-element changes need.</summary>
internal static class NfTables
{
    public const int NETLINK_NETFILTER = 12;
    public const byte NFPROTO_INET = 1;
    public const ushort NFNL_SUBSYS_NFTABLES = 10;
    public const ushort NFNL_MSG_BATCH_BEGIN = 0x10;
    public const ushort NFNL_MSG_BATCH_END = 0x11;
    public const ushort NFT_MSG_NEWSETELEM = 12;
    public const ushort NFT_MSG_DELSETELEM = 14;
    public const ushort NFTA_SET_ELEM_LIST_TABLE = 1;
    public const ushort NFTA_SET_ELEM_LIST_SET = 2;
    public const ushort NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    public const ushort NFTA_LIST_ELEM = 1;
    public const ushort NFTA_SET_ELEM_KEY = 1;
    public const ushort NFTA_DATA_VALUE = 1;
}
