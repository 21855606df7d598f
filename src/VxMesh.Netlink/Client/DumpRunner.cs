using VxMesh.Netlink.Decoding;
using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>
/// Runs a dump to its NLMSG_DONE. When any part carries NLM_F_DUMP_INTR (the table changed while
/// the kernel walked it) the result may be inconsistent, so the whole dump is repeated, bounded.
/// </summary>
internal static class DumpRunner
{
    public const int MaxAttempts = 5;

    public static List<T> Dump<T>(INetlinkTransport channel, NetlinkRequest request, MessageDecoder<T> decode)
        where T : class
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var items = new List<T>();
            if (!RunOnce(channel, request, decode, items))
            {
                return items;
            }
        }

        throw new NetlinkException(Errno.EINTR, $"{request.Description}: interrupted {MaxAttempts} times in a row");
    }

    /// <summary>Returns true when the dump was interrupted and must be repeated.</summary>
    private static bool RunOnce<T>(INetlinkTransport channel, NetlinkRequest request, MessageDecoder<T> decode, List<T> items)
        where T : class
    {
        var sequence = channel.Send(request);
        var interrupted = false;
        while (true)
        {
            foreach (var message in new NetlinkMessageReader(channel.ReceiveReply(request.Description)))
            {
                if (message.Sequence != sequence)
                {
                    continue; // a late reply to an earlier request
                }

                interrupted |= message.HasFlag(Nl.NLM_F_DUMP_INTR);
                switch (message.Type)
                {
                    case Nl.NLMSG_DONE:
                        var done = NetlinkStatus.FromDone(message);
                        return done.Errno == 0
                            ? interrupted
                            : throw new NetlinkException(done.Errno, request.Description, done.ExtAckMessage);
                    case Nl.NLMSG_ERROR:
                        var error = NetlinkStatus.FromError(message);
                        throw new NetlinkException(error.Errno, request.Description, error.ExtAckMessage);
                    case Nl.NLMSG_NOOP:
                        break;
                    default:
                        if (decode(message) is { } item)
                        {
                            items.Add(item);
                        }

                        break;
                }
            }
        }
    }

    /// <summary>
    /// A non-dump GET: the single reply decoded, or null when the kernel says the object is not
    /// there (<see cref="Errno.IsNotFound"/>: ENODEV for a missing link).
    /// </summary>
    public static T? Get<T>(INetlinkTransport channel, NetlinkRequest request, MessageDecoder<T> decode)
        where T : class
    {
        var sequence = channel.Send(request);
        while (true)
        {
            foreach (var message in new NetlinkMessageReader(channel.ReceiveReply(request.Description)))
            {
                if (message.Sequence != sequence)
                {
                    continue;
                }

                if (message.Type == Nl.NLMSG_ERROR)
                {
                    var error = NetlinkStatus.FromError(message);
                    if (error.Errno == 0)
                    {
                        continue; // a plain ACK: the data reply, if any, came before it
                    }

                    return Errno.IsNotFound(error.Errno)
                        ? null
                        : throw new NetlinkException(error.Errno, request.Description, error.ExtAckMessage);
                }

                return decode(message);
            }
        }
    }
}
