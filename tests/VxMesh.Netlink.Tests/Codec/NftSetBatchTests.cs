using System.Net;
using VxMesh.Netlink.Tests.Infrastructure;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Tests.Codec;

/// <summary>
/// nf_tables set-element changes on the wire, without root: nft's own bytes for a small change, and
/// for large ones every element list within nla_len's 16 bits, all elements there once, in order.
/// </summary>
public sealed class NftSetBatchTests
{
    /// <summary>
    /// nft 1.0.6, <c>nft add element inet t1 peers { 198.18.0.2, 198.18.0.3 }</c> (strace -e sendmsg -xx):
    /// BATCH_BEGIN, NEWSETELEM, BATCH_END. Two edits, as for the rtnetlink goldens: NLM_F_ACK added
    /// (ours wait for it), and nft's NFTA_SET_ELEM_LIST_SET_ID (8 bytes; names a set created in the
    /// same batch) left out.
    /// </summary>
    private const string NftAddTwo =
        "14000000 1000 0100 00000000 00000000" + "00 00 000a"
        + "4c000000 0c0a 0504 01000000 00000000" + "01 00 0000"
        + "0700 0100 743100 00" + "0a00 0200 706565727300 0000"
        + "2400 0380" + "1000 0180 0c00 0180 0800 0100 c6120002" + "1000 0180 0c00 0180 0800 0100 c6120003"
        + "14000000 1100 0100 02000000 00000000" + "00 00 000a";

    /// <summary>nft 1.0.6, <c>nft delete element inet t1 peers { 198.18.0.2 }</c>, NLM_F_ACK added.</summary>
    private const string NftDeleteOne =
        "14000000 1000 0100 00000000 00000000" + "00 00 000a"
        + "3c000000 0e0a 0500 01000000 00000000" + "01 00 0000"
        + "0700 0100 743100 00" + "0a00 0200 706565727300 0000"
        + "1400 0380" + "1000 0180 0c00 0180 0800 0100 c6120002"
        + "14000000 1100 0100 02000000 00000000" + "00 00 000a";

    [Fact]
    public void Write_AddTwoAddresses_EqualsNftAddElement()
    {
        var messages = NftSetBatches.Split([Ip("198.18.0.2"), Ip("198.18.0.3")], "t1", "peers").Single();

        Assert.Equal(Hex.Of(Hex.Bytes(NftAddTwo)), Hex.Of(NftSetBatches.Write(NftSetChange.Add, "t1", "peers", messages, begin: 0)));
    }

    [Fact]
    public void Write_RemoveOneAddress_EqualsNftDeleteElement()
    {
        var messages = NftSetBatches.Split([Ip("198.18.0.2")], "t1", "peers").Single();

        Assert.Equal(Hex.Of(Hex.Bytes(NftDeleteOne)), Hex.Of(NftSetBatches.Write(NftSetChange.Remove, "t1", "peers", messages, begin: 0)));
    }

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(4_095, new[] { 4_095 })]
    [InlineData(4_096, new[] { 4_095, 1 })]
    [InlineData(10_000, new[] { 4_095, 4_095, 1_810 })]
    public void Split_Ipv4_MessagesHoldAtMost4095(int count, int[] expected)
    {
        var batches = NftSetBatches.Split(Addresses(count), "vxmesh", "vxlan_peers");

        Assert.Equal(expected, batches.Single().Select(m => m.Length));
    }

    [Fact]
    public void Split_Ipv6_MessagesHoldAtMost2340()
    {
        var elements = Enumerable.Range(0, 5_000).Select(i => IPAddress.Parse($"2001:db8::{i:x}")).ToList();

        Assert.Equal([2_340, 2_340, 320], NftSetBatches.Split(elements, "vxmesh", "vxlan_peers").Single().Select(m => m.Length));
    }

    [Fact]
    public void Split_Empty_NoBatch() =>
        Assert.Empty(NftSetBatches.Split([], "vxmesh", "vxlan_peers"));

    [Fact]
    public void Split_PastBatchBudget_SeveralBatchesEachUnderIt()
    {
        var batches = NftSetBatches.Split(Addresses(10_000), "vxmesh", "vxlan_peers", maxBatchBytes: 70_000);

        Assert.Equal([[4_095], [4_095], [1_810]], batches.Select(b => b.Select(m => m.Length).ToArray()));
        Assert.All(batches, b => Assert.True(NftSetBatches.Write(NftSetChange.Add, "vxmesh", "vxlan_peers", b, 1).Length <= 70_000));
    }

    [Theory]
    [InlineData(4_095)]
    [InlineData(4_096)]
    [InlineData(10_000)]
    public void Write_LargeChange_EveryListFitsAndEveryElementOnceInOrder(int count)
    {
        var elements = Addresses(count);
        var batch = NftSetBatches.Split(elements, "vxmesh", "vxlan_peers").Single();

        var bytes = NftSetBatches.Write(NftSetChange.Add, "vxmesh", "vxlan_peers", batch, begin: 100);

        var decoded = new List<IPAddress>();
        var sequences = new List<uint>();
        foreach (var message in new NetlinkMessageReader(bytes))
        {
            sequences.Add(message.Sequence);
            if (message.Type != ((NfTables.NFNL_SUBSYS_NFTABLES << 8) | NfTables.NFT_MSG_NEWSETELEM))
            {
                continue;
            }

            Assert.True(message.HasFlag(Nl.NLM_F_ACK));
            foreach (var attribute in new NetlinkAttributeReader(message.Payload[4..]))
            {
                if (attribute.Type == NfTables.NFTA_SET_ELEM_LIST_ELEMENTS)
                {
                    Assert.True(attribute.Value.Length + 4 <= ushort.MaxValue);
                    decoded.AddRange(Keys(attribute));
                }
            }
        }

        Assert.Equal(elements, decoded);
        Assert.Equal(Enumerable.Range(100, batch.Count + 2).Select(i => (uint)i), sequences);
    }

    [Fact]
    public void EndNested_PastSixteenBits_ThrowsInsteadOfWrapping()
    {
        var writer = new NetlinkMessageWriter();
        var list = writer.BeginNested(NfTables.NFTA_SET_ELEM_LIST_ELEMENTS);
        for (var i = 0; i < 4_096; i++)
        {
            var item = writer.BeginNested(NfTables.NFTA_LIST_ELEM);
            var key = writer.BeginNested(NfTables.NFTA_SET_ELEM_KEY);
            writer.AddAddress(NfTables.NFTA_DATA_VALUE, Ip("198.18.0.1"));
            writer.EndNested(key);
            writer.EndNested(item);
        }

        Assert.Throws<InvalidOperationException>(() => writer.EndNested(list));
    }

    private static List<IPAddress> Keys(NetlinkAttribute list)
    {
        var keys = new List<IPAddress>();
        foreach (var item in list.Nested())
        {
            foreach (var key in item.Nested())
            {
                foreach (var value in key.Nested())
                {
                    keys.Add(value.AsAddress());
                }
            }
        }

        return keys;
    }

    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    private static List<IPAddress> Addresses(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new IPAddress([198, (byte)(18 + (i >> 16)), (byte)(i >> 8), (byte)i]))];
}
