namespace VxMesh.Netlink.Tests.Codec;

public sealed class ErrnoTests
{
    [Fact]
    public void ExceptionMessage_WithExtAck_ReadsLikeIp()
    {
        var error = new NetlinkException(Errno.EEXIST, "RTM_NEWROUTE 10.1.0.0/24", "Route exists");
        Assert.Equal("RTM_NEWROUTE 10.1.0.0/24: EEXIST (File exists): Route exists", error.Message);
    }

    [Fact]
    public void ExceptionMessage_WithoutExtAck_EndsWithDescription() =>
        Assert.Equal("RTM_DELROUTE 198.19.1.0/24: ESRCH (No such process)", new NetlinkException(Errno.ESRCH, "RTM_DELROUTE 198.19.1.0/24").Message);

    [Theory]
    [InlineData(Errno.ENOENT, true)]
    [InlineData(Errno.ESRCH, true)]
    [InlineData(Errno.ENODEV, true)]
    [InlineData(Errno.EADDRNOTAVAIL, true)]
    [InlineData(Errno.EEXIST, false)]
    [InlineData(Errno.EINVAL, false)]
    public void IsNotFound_EachTablesAbsentErrno_Classified(int errno, bool expected) =>
        Assert.Equal(expected, Errno.IsNotFound(errno));

    [Fact]
    public void Name_KnownAndUnknown_SymbolicOrNumbered()
    {
        Assert.Equal("ENOBUFS", Errno.Name(105));
        Assert.Equal("E4242", Errno.Name(4242));
    }

    [Fact]
    public void Result_Failure_ToStringMatchesException()
    {
        var request = RtnlRequest.DeleteNexthop(9);
        var result = new NetlinkResult(request, Errno.ENOENT, null);
        Assert.True(result.IsNotFound);
        Assert.Equal("RTM_DELNEXTHOP id 9: ENOENT (No such file or directory)", result.ToString());
        Assert.Equal(result.ToString(), Assert.Throws<NetlinkException>(result.ThrowIfFailed).Message);
    }
}
