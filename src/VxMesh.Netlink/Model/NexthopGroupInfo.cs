using System.Text;

namespace VxMesh.Netlink;

/// <summary>One member of a nexthop group: a nexthop object's id and its weight (1..256).</summary>
public readonly record struct NexthopGroupMember(uint Id, int Weight = 1)
{
    /// <summary>Like <c>ip nexthop</c>: "7" for weight 1, "7,3" otherwise.</summary>
    public override string ToString() => Weight == 1 ? $"{Id}" : $"{Id},{Weight}";
}

/// <summary>A resilient group's bucket table: flows keep their bucket, and buckets move between members only when idle (or forced after the unbalanced timer).</summary>
/// <param name="IdleTimer">A bucket unused this long may move to an underweight member.</param>
/// <param name="UnbalancedTimer">After this long unbalanced, buckets move even when busy; zero: never.</param>
public sealed record ResilientGroupSpec(int Buckets, TimeSpan IdleTimer, TimeSpan UnbalancedTimer)
{
    public override string ToString() =>
        $"type resilient buckets {Buckets} idle_timer {IdleTimer.TotalSeconds:0.##} unbalanced_timer {UnbalancedTimer.TotalSeconds:0.##}";
}

/// <summary>A nexthop object's group (NHA_GROUP and, for a resilient group, NHA_GROUP_TYPE + NHA_RES_GROUP).</summary>
/// <param name="Resilient">Null: a hash-threshold (mpath) group.</param>
public sealed record NexthopGroupInfo(IReadOnlyList<NexthopGroupMember> Members, ResilientGroupSpec? Resilient)
{
    public bool Equals(NexthopGroupInfo? other) =>
        other is not null && Members.SequenceEqual(other.Members) && Equals(Resilient, other.Resilient);

    public override int GetHashCode() => HashCode.Combine(Members.Count, Resilient);

    /// <summary>Like <c>ip nexthop</c>: "group 7/9 type resilient buckets 1024 …".</summary>
    public override string ToString()
    {
        var text = new StringBuilder("group ").AppendJoin('/', Members);
        return Resilient is null ? text.ToString() : text.Append(' ').Append(Resilient).ToString();
    }
}
