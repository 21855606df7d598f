using System.Net;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>
/// Adds and removes elements of one nftables set over NETLINK_NETFILTER, the equivalent of
/// <c>nft add element inet T S { a, b }</c> / <c>nft delete element …</c> without starting a
/// process. nf_tables takes changes only inside a transaction: each call sends
/// NFNL_MSG_BATCH_BEGIN, as many NFT_MSG_NEWSETELEM / NFT_MSG_DELSETELEM messages as the 16-bit
/// attribute length needs (<see cref="NftSetBatches"/>; each with NLM_F_ACK), NFNL_MSG_BATCH_END —
/// applied atomically or not at all. Creating the table, set and rule stays with <c>nft -f</c>:
/// it happens once, and the rule syntax is nft's to compile. Bound to the namespace it was opened in.
/// </summary>
public sealed class NftSetClient : IDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly NetlinkSocket socket;
    private readonly byte[] receive = new byte[64 * 1024];

    private NftSetClient(NetlinkSocket socket) => this.socket = socket;

    private static NetlinkSocketOptions Options { get; } =
        new([], ReceiveBufferBytes: 1024 * 1024, SendBufferBytes: 4 * 1024 * 1024, StrictChecking: false, Protocol: NfTables.NETLINK_NETFILTER);

    public static NftSetClient Open() => new(NetlinkSocket.Open(Options));

    public static NftSetClient OpenInNamespace(string netnsName) => new(Netns.RunIn(netnsName, () => NetlinkSocket.Open(Options)));

    /// <summary><c>nft add element inet TABLE SET { … }</c>; elements already present are kept (no error).</summary>
    public void AddElements(string table, string set, IReadOnlyCollection<IPAddress> elements) =>
        Change(NftSetChange.Add, table, set, elements);

    /// <summary><c>nft delete element inet TABLE SET { … }</c>; an element that is not there fails the whole transaction (ENOENT).</summary>
    public void RemoveElements(string table, string set, IReadOnlyCollection<IPAddress> elements) =>
        Change(NftSetChange.Remove, table, set, elements);

    private void Change(NftSetChange change, string table, string set, IReadOnlyCollection<IPAddress> elements)
    {
        var operation = $"nft {(change == NftSetChange.Add ? "add" : "delete")} element inet {table} {set} ({elements.Count})";
        foreach (var messages in NftSetBatches.Split(elements, table, set))
        {
            var begin = socket.ReserveSequences(messages.Count + 2);
            socket.Send(NftSetBatches.Write(change, table, set, messages, begin));
            AwaitAcks(begin, messages.Count, operation);
        }
    }

    /// <summary>
    /// Waits for the ACK of every change message. The kernel queues them until the whole batch ran
    /// and then sends them all — also ACKs of messages that succeeded in a batch it then aborted —
    /// so the first error among them decides. An error against BATCH_BEGIN means none ran.
    /// </summary>
    private void AwaitAcks(uint begin, int changes, string operation)
    {
        var pending = changes;
        NetlinkException? first = null;
        for (var datagrams = 0; pending > 0 && datagrams < changes + 64; datagrams++)
        {
            if (!socket.WaitReadable(ReplyTimeout))
            {
                throw new NetlinkException(Errno.ETIMEDOUT, $"{operation}: no reply");
            }

            var length = socket.Receive(receive, nonBlocking: true);
            foreach (var reply in new NetlinkMessageReader(receive.AsSpan(0, length)))
            {
                var offset = unchecked(reply.Sequence - begin); // sequence numbers wrap
                if (reply.Type != Nl.NLMSG_ERROR || offset > (uint)changes)
                {
                    continue;
                }

                var status = NetlinkStatus.FromError(reply);
                if (offset == 0)
                {
                    throw new NetlinkException(status.Errno == 0 ? Errno.EIO : status.Errno, operation, status.ExtAckMessage);
                }

                pending--;
                if (status.Errno != 0)
                {
                    first ??= new NetlinkException(status.Errno, operation, status.ExtAckMessage);
                }
            }
        }

        if (first is not null)
        {
            throw first;
        }

        if (pending > 0)
        {
            throw new NetlinkException(Errno.EIO, $"{operation}: {pending} of {changes} acknowledgements missing among the replies");
        }
    }

    public void Dispose() => socket.Dispose();
}
