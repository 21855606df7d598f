using VxMesh.Netlink.Wire;

namespace VxMesh.Netlink.Decoding;

/// <summary>Turns one data message of a dump into a record; null skips it.</summary>
internal delegate T? MessageDecoder<out T>(in NetlinkMessage message)
    where T : class;
