using VxMesh.Core.Loading;
using static VxMesh.Core.Tests.Loading.TestInventories;

namespace VxMesh.Core.Tests.Loading;

/// <summary>One number syntax for inventories and flags: no leading zeros (octal-looking), no signs or exponents.</summary>
public sealed class NumberTextTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("7", 7)]
    [InlineData("16777215", 16_777_215)]
    [InlineData("-5", -5)]
    public void TryWhole_PlainDigits_Value(string text, long expected)
    {
        Assert.True(NumberText.TryWhole(text, long.MinValue, long.MaxValue, out var value, out _, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("010", "has a leading zero", "write 10")]
    [InlineData("00", "has a leading zero", "write 0")]
    [InlineData("-007", "has a leading zero", "write -7")]
    [InlineData("abc", "is not a whole number", null)]
    [InlineData("+5", "is not a whole number", null)]
    [InlineData("1e3", "is not a whole number", null)]
    [InlineData(" 5", "is not a whole number", null)]
    [InlineData("1_000", "is not a whole number", null)]
    [InlineData("", "is not a whole number", null)]
    [InlineData("99999999999999999999999", "is outside", null)]
    public void TryWhole_NotPlain_ProblemAndFix(string text, string problem, string? fix)
    {
        Assert.False(NumberText.TryWhole(text, 0, 100, out _, out var why, out var suggestion));
        Assert.Contains(problem, why);
        Assert.Equal(fix, suggestion);
    }

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("15", 15)]
    [InlineData("2.25", 2.25)]
    public void TryDecimal_Plain_Value(string text, double expected)
    {
        Assert.True(NumberText.TryDecimal(text, 0, 100, out var value, out _, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("abc", "is not a number")]
    [InlineData("1e3", "is not a number")]
    [InlineData(".5", "is not a number")]
    [InlineData("5.", "is not a number")]
    [InlineData("NaN", "is not a number")]
    [InlineData("Infinity", "is not a number")]
    [InlineData("01.5", "has a leading zero")]
    [InlineData("101", "is outside 0..100")]
    public void TryDecimal_NotPlain_Problem(string text, string problem)
    {
        Assert.False(NumberText.TryDecimal(text, 0, 100, out _, out var why, out _));
        Assert.Contains(problem, why);
    }

    [Theory]
    [InlineData("vni: 42", "vni: 010", "mesh.vni", "write 10")]
    [InlineData("vni: 42", "vni: 42\n  port: 04789", "mesh.port", "write 4789")]
    [InlineData("vni: 42", "vni: 42\n  mtu: 01450", "mesh.mtu", "write 1450")]
    public void Parse_LeadingZeroNumber_RefusedLikeLeadingZeroIps(string find, string replace, string key, string fix)
    {
        var problem = OnlyProblem(Load(With((find, replace))), key);

        Assert.Contains("has a leading zero, which some tools read as octal", problem.Problem);
        Assert.Equal(fix, problem.Fix);
    }
}
