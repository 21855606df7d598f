using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink;

/// <summary>
/// Builds <see cref="NetlinkRequest"/> values, one factory per operation (split by object type over
/// RtnlRequest.*.cs). Every factory's comment names the equivalent ip/bridge command and the exact
/// nlmsg_flags; NLM_F_ACK is added when the request is executed.
/// </summary>
public static partial class RtnlRequest
{
    private const ushort Request = Nl.NLM_F_REQUEST;
    private const ushort CreateExclusive = Nl.NLM_F_REQUEST | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL;
    private const ushort CreateOrReplace = Nl.NLM_F_REQUEST | Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE;
    private const ushort CreateOrAppend = Nl.NLM_F_REQUEST | Nl.NLM_F_CREATE | Nl.NLM_F_APPEND;

    // Requests are small; one writer per thread avoids a buffer per request.
    [ThreadStatic]
    private static NetlinkMessageWriter? t_writer;

    private static NetlinkMessageWriter Start<THeader>(ushort type, ushort flags, in THeader header)
        where THeader : unmanaged
    {
        var writer = t_writer ??= new NetlinkMessageWriter(512);
        writer.Reset();
        writer.BeginMessage(type, flags);
        writer.WriteStruct(in header);
        return writer;
    }

    // The description is derived from the bytes only if someone asks (see NetlinkRequest.Description).
    private static NetlinkRequest Finish(NetlinkMessageWriter writer)
    {
        writer.EndMessage(0);
        return new NetlinkRequest(writer.ToArray());
    }

    private static void RequireFamilyMatch(System.Net.IPAddress a, System.Net.IPAddress b, string what)
    {
        if (a.AddressFamily != b.AddressFamily)
        {
            throw new ArgumentException($"{what}: {a} and {b} are of different address families");
        }
    }
}
