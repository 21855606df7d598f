using System.Net;
using System.Runtime.InteropServices;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>
/// Adds and removes elements of one nftables set over NETLINK_NETFILTER, the equivalent of
/// <c>nft add element inet T S { a, b }</c> / <c>nft delete element …</c> without starting a
/// process. nf_tables takes changes only inside a transaction, so each call sends one datagram:
/// NFNL_MSG_BATCH_BEGIN, one NFT_MSG_NEWSETELEM / NFT_MSG_DELSETELEM carrying every element
/// (NLM_F_ACK), NFNL_MSG_BATCH_END — applied atomically or not at all. Creating the table, set
/// and rule stays with <c>nft -f</c>: it happens once, and the rule syntax is nft's to compile.
/// Bound to the namespace it was opened in.
/// </summary>
public sealed class NftSetClient : IDisposable
{
    private const int NETLINK_NETFILTER = 12;
    private const byte NFPROTO_INET = 1;
    private const ushort NFNL_SUBSYS_NFTABLES = 10;
    private const ushort NFNL_MSG_BATCH_BEGIN = 0x10;
    private const ushort NFNL_MSG_BATCH_END = 0x11;
    private const ushort NFT_MSG_NEWSETELEM = 12;
    private const ushort NFT_MSG_DELSETELEM = 14;
    private const ushort NFTA_SET_ELEM_LIST_TABLE = 1;
    private const ushort NFTA_SET_ELEM_LIST_SET = 2;
    private const ushort NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    private const ushort NFTA_LIST_ELEM = 1;
    private const ushort NFTA_SET_ELEM_KEY = 1;
    private const ushort NFTA_DATA_VALUE = 1;

    private readonly NetlinkSocket socket;
    private readonly byte[] receive = new byte[64 * 1024];

    private NftSetClient(NetlinkSocket socket) => this.socket = socket;

    private static NetlinkSocketOptions Options { get; } =
        new([], ReceiveBufferBytes: 1024 * 1024, SendBufferBytes: 4 * 1024 * 1024, StrictChecking: false, Protocol: NETLINK_NETFILTER);

    public static NftSetClient Open() => new(NetlinkSocket.Open(Options));

    public static NftSetClient OpenInNamespace(string netnsName) => new(Netns.RunIn(netnsName, () => NetlinkSocket.Open(Options)));

    /// <summary><c>nft add element inet TABLE SET { … }</c>; elements already present are kept (no error).</summary>
    public void AddElements(string table, string set, IReadOnlyCollection<IPAddress> elements) =>
        Change(NFT_MSG_NEWSETELEM, Nl.NLM_F_CREATE, table, set, elements);

    /// <summary><c>nft delete element inet TABLE SET { … }</c>; an element that is not there fails the whole transaction (ENOENT).</summary>
    public void RemoveElements(string table, string set, IReadOnlyCollection<IPAddress> elements) =>
        Change(NFT_MSG_DELSETELEM, 0, table, set, elements);

    private void Change(ushort message, ushort flags, string table, string set, IReadOnlyCollection<IPAddress> elements)
    {
        if (elements.Count == 0)
        {
            return;
        }
        var writer = new NetlinkMessageWriter(256 + elements.Count * 32);
        var begin = socket.ReserveSequences(3);
        writer.EndMessage(Header(writer, NFNL_MSG_BATCH_BEGIN, Nl.NLM_F_REQUEST, begin, family: 0, resourceId: NFNL_SUBSYS_NFTABLES));

        var change = Header(writer, (ushort)((NFNL_SUBSYS_NFTABLES << 8) | message), (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | flags), begin + 1, NFPROTO_INET, 0);
        writer.AddString(NFTA_SET_ELEM_LIST_TABLE, table);
        writer.AddString(NFTA_SET_ELEM_LIST_SET, set);
        var list = writer.BeginNested(Nested(NFTA_SET_ELEM_LIST_ELEMENTS));
        foreach (var element in elements)
        {
            var item = writer.BeginNested(Nested(NFTA_LIST_ELEM));
            var key = writer.BeginNested(Nested(NFTA_SET_ELEM_KEY));
            writer.AddAttribute(NFTA_DATA_VALUE, element.GetAddressBytes());
            writer.EndNested(key);
            writer.EndNested(item);
        }
        writer.EndNested(list);
        writer.EndMessage(change);

        writer.EndMessage(Header(writer, NFNL_MSG_BATCH_END, Nl.NLM_F_REQUEST, begin + 2, family: 0, resourceId: NFNL_SUBSYS_NFTABLES));
        socket.Send(writer.WrittenSpan);
        AwaitAck(begin + 1, $"nft {(message == NFT_MSG_NEWSETELEM ? "add" : "delete")} element inet {table} {set} ({elements.Count})");
    }

    /// <summary>nlmsghdr + struct nfgenmsg { u8 family; u8 version; __be16 res_id; }; returns the message start.</summary>
    private static int Header(NetlinkMessageWriter writer, ushort type, ushort flags, uint sequence, byte family, ushort resourceId)
    {
        var start = writer.BeginMessage(type, flags, sequence);
        writer.WriteStruct(new NfGenMsg { Family = family, Version = 0, ResourceId = (ushort)IPAddress.HostToNetworkOrder((short)resourceId) });
        return start;
    }

    private void AwaitAck(uint sequence, string operation)
    {
        for (var datagrams = 0; datagrams < 64; datagrams++)
        {
            if (!socket.WaitReadable(TimeSpan.FromSeconds(10)))
            {
                throw new NetlinkException(Errno.ETIMEDOUT, $"{operation}: no reply");
            }
            var length = socket.Receive(receive, nonBlocking: true);
            foreach (var reply in new NetlinkMessageReader(receive.AsSpan(0, length)))
            {
                if (reply.Type == Nl.NLMSG_ERROR && reply.Sequence == sequence)
                {
                    var status = NetlinkStatus.FromError(reply);
                    if (status.Errno != 0)
                    {
                        throw new NetlinkException(status.Errno, operation, status.ExtAckMessage);
                    }
                    return;
                }
            }
        }
        throw new NetlinkException(Errno.EIO, $"{operation}: no acknowledgement among the replies");
    }

    private static ushort Nested(ushort type) => (ushort)(type | Nl.NLA_F_NESTED);

    public void Dispose() => socket.Dispose();

    [StructLayout(LayoutKind.Sequential)]
    private struct NfGenMsg
    {
        public byte Family;
        public byte Version;
        public ushort ResourceId;
    }
}
