using System.Net;
using FsCheck.Xunit;
using VxMesh.Netlink.Tests.Infrastructure;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Tests.Codec;

/// <summary>Alignment, nesting and framing of the codec itself.</summary>
public sealed class WriterReaderTests
{
    [Fact]
    public void AddString_FiveBytes_LengthNineAndPaddedToTwelve()
    {
        var writer = new NetlinkMessageWriter();
        writer.AddString(3, "vxlan");
        Assert.Equal("0a000300" + "76786c616e00" + "0000", Hex.Of(writer.WrittenSpan));
    }

    [Fact]
    public void AddString_NotNulTerminated_LengthNine()
    {
        var writer = new NetlinkMessageWriter();
        writer.AddString(1, "vxlan", nulTerminated: false);
        Assert.Equal("09000100" + "76786c616e" + "000000", Hex.Of(writer.WrittenSpan));
    }

    [Fact]
    public void BeginNested_TwoLevels_SetsNestedFlagAndLengths()
    {
        var writer = new NetlinkMessageWriter();
        var outer = writer.BeginNested(18);
        writer.AddU8(7, 1);
        var inner = writer.BeginNested(2);
        writer.AddU32(1, 42);
        writer.EndNested(inner);
        writer.EndNested(outer);

        Assert.Equal("18001280" + "05000700" + "01000000" + "0c000280" + "08000100" + "2a000000", Hex.Of(writer.WrittenSpan));
    }

    [Fact]
    public void ReadAttributes_Nested_WalksBothLevelsAndStripsFlag()
    {
        var writer = new NetlinkMessageWriter();
        var outer = writer.BeginNested(18);
        writer.AddString(1, "vxlan");
        var inner = writer.BeginNested(2);
        writer.AddBigEndianU16(15, 4789);
        writer.AddAddress(4, IPAddress.Parse("198.18.0.1"));
        writer.EndNested(inner);
        writer.EndNested(outer);

        var seen = new List<string>();
        foreach (var top in new NetlinkAttributeReader(writer.WrittenSpan))
        {
            Assert.Equal(18, top.Type);
            Assert.True(top.IsNestedFlagSet);
            foreach (var child in top.Nested())
            {
                seen.Add(child.Type == 1 ? child.AsString() : $"{child.Type}");
                if (child.Type == 2)
                {
                    var grandchildren = new List<string>();
                    foreach (var g in child.Nested())
                    {
                        grandchildren.Add(g.Type == 15 ? g.AsBigEndianU16().ToString() : g.AsAddress().ToString());
                    }

                    Assert.Equal(["4789", "198.18.0.1"], grandchildren);
                }
            }
        }

        Assert.Equal(["vxlan", "2"], seen);
    }

    [Fact]
    public void WriteMessages_ThreeInOneBuffer_ReaderReturnsEachWithItsSequence()
    {
        var writer = new NetlinkMessageWriter();
        for (uint seq = 1; seq <= 3; seq++)
        {
            var start = writer.BeginMessage(Rtm.RTM_NEWNEXTHOP, Nl.NLM_F_REQUEST, seq);
            writer.WriteStruct(new NhMsg { Family = Af.AF_INET });
            writer.AddU32(Nha.NHA_ID, seq);
            writer.AddU8(99, 0); // leaves 3 bytes of padding before the next message
            writer.EndMessage(start);
        }

        var sequences = new List<uint>();
        foreach (var message in new NetlinkMessageReader(writer.WrittenSpan))
        {
            Assert.Equal(16u + 8 + 8 + 8, message.Header.Length);
            sequences.Add(message.Sequence);
        }

        Assert.Equal([1u, 2u, 3u], sequences);
    }

    [Fact]
    public void ReadMessages_LengthPastBuffer_Throws()
    {
        var bytes = Hex.Bytes("40000000 1000 0000 00000000 00000000");
        Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var unused in new NetlinkMessageReader(bytes))
            {
            }
        });
    }

    [Fact]
    public void ReadAttributes_LengthBelowHeader_Throws()
    {
        var bytes = Hex.Bytes("0200 0100 00000000");
        Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var unused in new NetlinkAttributeReader(bytes))
            {
            }
        });
    }

    [Property]
    public bool AddAttribute_AnyPayloads_ReadBackIdenticalAndAligned(byte[][] payloads)
    {
        var values = payloads.Where(p => p is not null && p.Length < 1000).ToArray();
        var writer = new NetlinkMessageWriter();
        for (var i = 0; i < values.Length; i++)
        {
            writer.AddAttribute((ushort)(i + 1), values[i]);
        }

        var read = new List<byte[]>();
        foreach (var attribute in new NetlinkAttributeReader(writer.WrittenSpan))
        {
            read.Add(attribute.Value.ToArray());
        }

        return writer.Length % 4 == 0
            && read.Count == values.Length
            && read.Zip(values).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));
    }

    [Property]
    public bool PatchHeader_AnySequence_OnlySequenceAndFlagsChange(uint sequence)
    {
        var original = RtnlRequest.DeleteNexthop(9).Message.ToArray();
        var writer = new NetlinkMessageWriter();
        var start = writer.AppendRaw(original);
        writer.PatchHeader(start, sequence, Nl.NLM_F_ACK);
        var patched = writer.ToArray();
        return BitConverter.ToUInt32(patched, 8) == sequence
            && BitConverter.ToUInt16(patched, 6) == (Nl.NLM_F_REQUEST | Nl.NLM_F_ACK)
            && patched.AsSpan(16).SequenceEqual(original.AsSpan(16));
    }
}
