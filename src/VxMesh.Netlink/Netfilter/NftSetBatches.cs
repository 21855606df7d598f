using System.Net;
using System.Runtime.InteropServices;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>Which nf_tables message a set change is made of.</summary>
public enum NftSetChange
{
    /// <summary>NFT_MSG_NEWSETELEM with NLM_F_CREATE: present elements are kept.</summary>
    Add,

    /// <summary>NFT_MSG_DELSETELEM: an absent element fails the whole transaction (ENOENT).</summary>
    Remove,
}

/// <summary>
/// Cuts a set change into nf_tables messages and transactions, and writes them.
/// All elements of one message sit in one NFTA_SET_ELEM_LIST_ELEMENTS attribute, whose nla_len
/// is 16 bits: 65,535 bytes hold 4,095 IPv4 elements (16 bytes each) or 2,340 IPv6 ones (28).
/// One more and the length wraps, the kernel parses a cut list, and the change fails with
/// ENOENT on every retry — so a change takes as many messages as that limit needs, all inside
/// one NFNL batch (applied atomically: all or nothing). Only a change bigger than
/// <see cref="MaxBatchBytes"/> (about 65,000 IPv4 addresses) spans several batches; each is
/// still atomic, and a failure part way leaves a prefix applied, which the caller's resync sees.
/// </summary>
internal static class NftSetBatches
{
    /// <summary>The largest NFTA_SET_ELEM_LIST_ELEMENTS attribute (header included) nla_len can say.</summary>
    public const int MaxElementsAttributeBytes = ushort.MaxValue;

    /// <summary>Well under the socket's send buffer (sendmsg refuses a datagram larger than it).</summary>
    public const int MaxBatchBytes = 1024 * 1024;

    private const int HeaderBytes = 16 + 4; // nlmsghdr + nfgenmsg
    private const int AttributeHeaderBytes = 4;

    /// <summary>
    /// The elements in order, as batches of messages. A message's element list never exceeds
    /// <paramref name="maxAttributeBytes"/>; a batch's datagram stays under <paramref name="maxBatchBytes"/>.
    /// </summary>
    public static List<List<IPAddress[]>> Split(
        IReadOnlyCollection<IPAddress> elements, string table, string set,
        int maxAttributeBytes = MaxElementsAttributeBytes, int maxBatchBytes = MaxBatchBytes)
    {
        var fixedMessageBytes = HeaderBytes + StringAttributeBytes(table) + StringAttributeBytes(set);
        var batches = new List<List<IPAddress[]>>();
        var batch = new List<IPAddress[]>();
        var batchBytes = 2 * HeaderBytes; // BATCH_BEGIN + BATCH_END
        var message = new List<IPAddress>();
        var listBytes = AttributeHeaderBytes;

        void CloseMessage()
        {
            if (message.Count == 0)
            {
                return;
            }

            var messageBytes = fixedMessageBytes + listBytes;
            if (batch.Count > 0 && batchBytes + messageBytes > maxBatchBytes)
            {
                batches.Add(batch);
                batch = [];
                batchBytes = 2 * HeaderBytes;
            }

            batch.Add([.. message]);
            batchBytes += messageBytes;
            message.Clear();
            listBytes = AttributeHeaderBytes;
        }

        foreach (var element in elements)
        {
            var size = ElementBytes(element);
            if (listBytes + size > maxAttributeBytes)
            {
                CloseMessage();
            }

            message.Add(element);
            listBytes += size;
        }

        CloseMessage();
        if (batch.Count > 0)
        {
            batches.Add(batch);
        }

        return batches;
    }

    /// <summary>
    /// One datagram: BATCH_BEGIN (sequence <paramref name="begin"/>), one change message per entry
    /// of <paramref name="messages"/> (begin + 1 …, each with NLM_F_ACK), BATCH_END.
    /// </summary>
    public static byte[] Write(NftSetChange change, string table, string set, IReadOnlyList<IPAddress[]> messages, uint begin)
    {
        var writer = new NetlinkMessageWriter(256 + messages.Sum(m => 64 + (m.Length * 28)));
        writer.EndMessage(Header(writer, NfTables.NFNL_MSG_BATCH_BEGIN, Nl.NLM_F_REQUEST, begin, family: 0, resourceId: NfTables.NFNL_SUBSYS_NFTABLES));
        var (type, flags) = change == NftSetChange.Add
            ? (NfTables.NFT_MSG_NEWSETELEM, Nl.NLM_F_CREATE)
            : (NfTables.NFT_MSG_DELSETELEM, (ushort)0);
        for (var i = 0; i < messages.Count; i++)
        {
            var start = Header(writer, (ushort)((NfTables.NFNL_SUBSYS_NFTABLES << 8) | type),
                (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | flags), begin + 1 + (uint)i, NfTables.NFPROTO_INET, 0);
            writer.AddString(NfTables.NFTA_SET_ELEM_LIST_TABLE, table);
            writer.AddString(NfTables.NFTA_SET_ELEM_LIST_SET, set);
            var list = writer.BeginNested(NfTables.NFTA_SET_ELEM_LIST_ELEMENTS);
            foreach (var element in messages[i])
            {
                var item = writer.BeginNested(NfTables.NFTA_LIST_ELEM);
                var key = writer.BeginNested(NfTables.NFTA_SET_ELEM_KEY);
                writer.AddAddress(NfTables.NFTA_DATA_VALUE, element);
                writer.EndNested(key);
                writer.EndNested(item);
            }

            writer.EndNested(list);
            writer.EndMessage(start);
        }

        var end = begin + 1 + (uint)messages.Count;
        writer.EndMessage(Header(writer, NfTables.NFNL_MSG_BATCH_END, Nl.NLM_F_REQUEST, end, family: 0, resourceId: NfTables.NFNL_SUBSYS_NFTABLES));
        return writer.ToArray();
    }

    /// <summary>LIST_ELEM { KEY { DATA_VALUE address } }: three attribute headers and the address.</summary>
    internal static int ElementBytes(IPAddress element) => (3 * AttributeHeaderBytes) + Nl.Align(element.GetAddressBytes().Length);

    private static int StringAttributeBytes(string value) => Nl.Align(AttributeHeaderBytes + System.Text.Encoding.UTF8.GetByteCount(value) + 1);

    /// <summary>nlmsghdr + struct nfgenmsg { u8 family; u8 version; __be16 res_id; }; returns the message start.</summary>
    private static int Header(NetlinkMessageWriter writer, ushort type, ushort flags, uint sequence, byte family, ushort resourceId)
    {
        var start = writer.BeginMessage(type, flags, sequence);
        writer.WriteStruct(new NfGenMsg { Family = family, Version = 0, ResourceId = (ushort)IPAddress.HostToNetworkOrder((short)resourceId) });
        return start;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct NfGenMsg
    {
        public byte Family;
        public byte Version;
        public ushort ResourceId;
    }
}
