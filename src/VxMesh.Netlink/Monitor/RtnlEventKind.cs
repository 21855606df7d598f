namespace VxMesh.Netlink;

/// <summary>What a notification says happened. <see cref="Overrun"/> means events were lost: resync.</summary>
public enum RtnlEventKind
{
    NewLink,
    DelLink,
    NewNeigh,
    DelNeigh,
    NewRoute,
    DelRoute,
    NewNexthop,
    DelNexthop,
    NewAddr,
    DelAddr,
    Overrun,
}
