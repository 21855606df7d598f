using YamlDotNet.RepresentationModel;
using static VxMesh.Core.Tests.Loading.TestInventories;

namespace VxMesh.Core.Tests.Loading;

public class LabSectionTests
{
    [Fact]
    public void Parse_LabSection_ReturnedUnvalidated()
    {
        var yaml = Valid + "lab:\n  anything_goes: [1, 2]\n  nested: {deep: true}\n";

        var result = Load(yaml);

        Assert.Empty(result.Problems);
        Assert.NotNull(result.Lab);
        Assert.Equal(2, result.Lab.Children.Count);
        Assert.Equal(LineOf(yaml, "anything_goes"), result.Lab.Start.Line);
        Assert.IsType<YamlSequenceNode>(result.Lab.Children[new YamlScalarNode("anything_goes")]);
    }

    [Fact]
    public void Parse_NoLabSection_LabNull()
    {
        Assert.Null(Load(Valid).Lab);
    }

    [Fact]
    public void Parse_LabNotMapping_WrongType()
    {
        var yaml = Valid + "lab: [1]\n";

        var problem = OnlyProblem(Load(yaml), "lab");

        Assert.Equal(LineOf(yaml, "lab:"), problem.Line);
        Assert.Contains("mapping", problem.Problem);
    }

    [Fact]
    public void Parse_LabWithOtherProblems_LabStillReturned()
    {
        var result = Load(With(("vni: 42", "vni: 0")) + "lab:\n  x: 1\n");

        Assert.Null(result.Inventory);
        Assert.NotNull(result.Lab);
    }
}
