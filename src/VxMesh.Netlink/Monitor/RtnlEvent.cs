namespace VxMesh.Netlink;

/// <summary>
/// One rtnetlink notification. <see cref="Subject"/> is the parsed record: <see cref="LinkInfo"/>,
/// <see cref="AddressInfo"/>, <see cref="RouteInfo"/>, <see cref="NexthopInfo"/>, and for
/// New/DelNeigh a <see cref="NeighborInfo"/> (ARP/NDP) or a <see cref="FdbInfo"/> (AF_BRIDGE);
/// for <see cref="RtnlEventKind.Overrun"/> an <see cref="RtnlOverrun"/>.
/// </summary>
public sealed record RtnlEvent(RtnlEventKind Kind, object Subject)
{
    public override string ToString() => $"{Kind} {Subject}";
}

/// <summary>The socket's receive queue overflowed (ENOBUFS): some notifications are gone for good.</summary>
public sealed record RtnlOverrun(string Reason)
{
    public override string ToString() => Reason;
}
